package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.stats.MedianInterval;
import dev.fleetbench.common.stats.Summary;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The aggregate query (metrics.md "Statistics"): raw measured samples pooled per group, statistics computed once, in
 * SQL: count, mean, sample standard deviation, min, max, {@code quantile_cont} percentiles (linear interpolation
 * between closest ranks) and the median's 95 % interval from the sorted values at the ranks of {@link MedianInterval}.
 */
final class Aggregates {

    /** The metrics every aggregate summarises, as sample columns. */
    static final List<String> METRICS = List.of("ttft_ms", "tpot_ms", "e2e_ms", "decode_tps", "prefill_tps");
    /**
     * The metrics that get the median's confidence interval: the ones charts draw with whiskers. The interval needs
     * the group's sorted values, which costs about as much as all the other statistics together per metric
     * (AggregateBenchmark), so TPOT (the inverse of the decode rate) and prefill go without.
     */
    static final List<String> WITH_INTERVAL = List.of("ttft_ms", "e2e_ms", "decode_tps");

    private static final String FINGERPRINT = "engine, engine_version, execution_provider, prompt_set_version";

    private Aggregates() {
    }

    /**
     * The common part of every results query: the class and use-case mappings and {@code base}, one row per counted
     * measured sample of the campaigns with its class, use case, fingerprint fields and metrics. Parameters in
     * {@link #parameters} order.
     */
    static String base(AggregateRequest r) {
        StringBuilder q = new StringBuilder("WITH ");
        q.append("cls(worker_id, hardware_class) AS (").append(values(r.hardwareClassOfWorker().size())).append("), ");
        q.append("cat(prompt_id, use_case) AS (").append(values(r.useCaseOfPrompt().size())).append("), ");
        q.append("base AS (SELECT s.sample_id, coalesce(cls.hardware_class, 'unknown') AS hardware_class, s.model,"
                + " s.prompt_id, coalesce(cat.use_case, 'chat') AS use_case, s.worker_id, s.campaign_id, s.")
                .append(FINGERPRINT.replace(", ", ", s.")).append(", s.status, ")
                .append(METRICS.stream().map(m -> "s." + m).collect(Collectors.joining(", ")))
                .append(" FROM samples s LEFT JOIN cls ON cls.worker_id = s.worker_id LEFT JOIN cat ON cat.prompt_id = s.prompt_id"
                        + " WHERE s.kind = 'measured' AND NOT s.set_aside AND s.campaign_id IN (")
                .append(String.join(", ", java.util.Collections.nCopies(r.campaignIds().size(), "?"))).append("))");
        return q.toString();
    }

    /** The SQL of a request, with '?' for its parameters in {@link #parameters} order. */
    static String sql(AggregateRequest r) {
        String dims = r.by().stream().map(Dimension::column).collect(Collectors.joining(", "));
        StringBuilder q = new StringBuilder(base(r)).append(", ");
        q.append("g AS (SELECT ").append(dims.isEmpty() ? "" : dims + ", ").append(FINGERPRINT)
                .append(", count(DISTINCT worker_id) AS machines, count(*) AS requests,"
                        + " count(*) FILTER (WHERE status = 'failed') AS failures");
        for (String m : METRICS) {
            String ok = " FILTER (WHERE status = 'ok' AND " + m + " IS NOT NULL)";
            q.append(", count(").append(m).append(')').append(ok).append(" AS ").append(m).append("_n")
                    .append(", avg(").append(m).append(')').append(ok).append(" AS ").append(m).append("_mean")
                    .append(", stddev_samp(").append(m).append(')').append(ok).append(" AS ").append(m).append("_sd")
                    .append(", min(").append(m).append(')').append(ok).append(" AS ").append(m).append("_min")
                    .append(", max(").append(m).append(')').append(ok).append(" AS ").append(m).append("_max")
                    .append(", quantile_cont(").append(m).append(", [0.5, 0.9, 0.95, 0.99])").append(ok)
                    .append(" AS ").append(m).append("_q")
                    .append(WITH_INTERVAL.contains(m) ? ", list_sort(list(" + m + ")" + ok + ")" : ", CAST(NULL AS DOUBLE[])")
                    .append(" AS ").append(m).append("_sorted");
        }
        q.append(" FROM base GROUP BY ").append(dims.isEmpty() ? "" : dims + ", ").append(FINGERPRINT).append(") ");
        q.append("SELECT ").append(dims.isEmpty() ? "" : dims + ", ").append(FINGERPRINT).append(", machines, requests, failures");
        for (String m : METRICS) {
            String rank = "fb_ci_rank(" + m + "_n)";
            q.append(", ").append(m).append("_n, ").append(m).append("_mean, ").append(m).append("_sd, ")
                    .append(m).append("_min, ").append(m).append("_max, ").append(m).append("_q, ")
                    .append("CASE WHEN ").append(rank).append(" > 0 THEN ").append(m).append("_sorted[").append(rank)
                    .append("] END AS ").append(m).append("_lo, CASE WHEN ").append(rank).append(" > 0 THEN ")
                    .append(m).append("_sorted[").append(m).append("_n - ").append(rank).append(" + 1] END AS ")
                    .append(m).append("_hi");
        }
        q.append(" FROM g ORDER BY ").append(dims.isEmpty() ? "" : dims + ", ").append(FINGERPRINT);
        return q.toString();
    }

    /** A VALUES list of n pairs, or an empty relation of two text columns. */
    private static String values(int n) {
        if (n == 0) {
            return "SELECT CAST(NULL AS TEXT), CAST(NULL AS TEXT) WHERE false";
        }
        return "VALUES " + String.join(", ", java.util.Collections.nCopies(n, "(?, ?)"));
    }

    static List<Object> parameters(AggregateRequest r) {
        List<Object> p = new ArrayList<>();
        r.hardwareClassOfWorker().forEach((k, v) -> {
            p.add(k);
            p.add(v);
        });
        r.useCaseOfPrompt().forEach((k, v) -> {
            p.add(k);
            p.add(v);
        });
        p.addAll(r.campaignIds());
        return p;
    }

    /** The rank rule of {@link MedianInterval} as a macro of this connection. */
    static void defineMacro(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP MACRO fb_ci_rank(n) AS " + MedianInterval.sqlRank("n"));
        }
    }

    static List<AggregateRow> run(Connection c, AggregateRequest r) throws SQLException {
        defineMacro(c);
        List<AggregateRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql(r))) {
            List<Object> params = parameters(r);
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs, r.by()));
                }
            }
        }
        return rows;
    }

    private static AggregateRow row(ResultSet rs, List<Dimension> by) throws SQLException {
        Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
        for (Dimension d : by) {
            keys.put(d, rs.getString(d.column()));
        }
        Map<String, Summary> metrics = new LinkedHashMap<>();
        for (String m : METRICS) {
            int n = rs.getInt(m + "_n");
            if (n == 0) {
                metrics.put(m, Summary.of(new double[0]));
                continue;
            }
            double[] q = quantiles(rs.getArray(m + "_q"));
            Double mean = (Double) rs.getObject(m + "_mean");
            Double sd = n > 1 ? (Double) rs.getObject(m + "_sd") : null;
            Double cv = sd == null || mean == 0 ? null : 100.0 * sd / Math.abs(mean);
            metrics.put(m, new Summary(n, mean, sd, cv, (Double) rs.getObject(m + "_min"), q[0], q[1], q[2], q[3],
                    (Double) rs.getObject(m + "_max"), (Double) rs.getObject(m + "_lo"), (Double) rs.getObject(m + "_hi")));
        }
        return new AggregateRow(keys, rs.getString("engine"), rs.getString("engine_version"),
                rs.getString("execution_provider"), rs.getString("prompt_set_version"), rs.getInt("machines"),
                rs.getInt("requests"),
                rs.getInt("failures"), metrics);
    }

    private static double[] quantiles(Array a) throws SQLException {
        Object[] values = (Object[]) a.getArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).doubleValue();
        }
        return out;
    }
}
