package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.recommend.QualityEstimate;
import dev.fleetbench.common.stats.MedianInterval;
import dev.fleetbench.common.stats.Summary;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.domain.results.EnergyFigures;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The aggregate query (metrics.md "Statistics"): raw measured samples pooled per group, statistics computed once, in
 * SQL: count, mean, sample standard deviation, min, max, continuous percentiles (linear interpolation between closest
 * ranks: DuckDB's {@code quantile_cont}, PostgreSQL's {@code percentile_cont}), then the median's 95 % interval as the
 * order statistics at the ranks of {@link MedianInterval}, selected by the discrete percentile
 * ({@code quantile_disc}, {@code percentile_disc}: both the value at position ceil(q·n)).
 */
final class Aggregates {

    /** The metrics every aggregate summarises; their ids are the sample columns. */
    static final List<Metric> METRICS = Metric.PER_REQUEST;
    /**
     * The metrics that get the median's confidence interval: the ones charts draw with whiskers. TPOT (the inverse
     * of the decode rate) and prefill go without, which keeps the second query to three selections per group.
     */
    static final List<Metric> WITH_INTERVAL = METRICS.stream().filter(Metric::withMedianInterval).toList();

    /** The percentiles of every summary, in {@link Summary} order. */
    static final List<Double> PERCENTILES = List.of(0.5, 0.9, 0.95, 0.99);
    static final String FINGERPRINT = "engine, engine_version, execution_provider, prompt_set_version";

    private Aggregates() {
    }

    /**
     * The common part of every results query: the use-case mapping and {@code base}, one row per counted measured
     * sample of the campaigns (a prompt longer than the model's context window was not run and is none) with its
     * class, use case, fingerprint fields and metrics. The class is the one stored with the sample's hardware profile ({@link HardwareProfiles#CLASS_KEY}), never recomputed from a worker's current
     * registration. Parameters in {@link #parameters} order.
     */
    static String base(AggregateRequest r) {
        StringBuilder q = new StringBuilder("WITH ");
        q.append("cat(prompt_id, use_case) AS (").append(values(r.useCaseOfPrompt().size())).append("), ");
        q.append("base AS (SELECT s.sample_id, ").append(HardwareProfiles.CLASS_KEY).append(" AS hardware_class, s.model,"
                + " s.prompt_id, coalesce(cat.use_case, 'chat') AS use_case, s.worker_id, s.campaign_id, s.")
                .append(FINGERPRINT.replace(", ", ", s.")).append(", s.status, s.suspected_cpu_fallback, s.quality_score, s.quality_verdict,"
                        + " s.energy_j, s.energy_estimate, s.n_out, ")
                .append(METRICS.stream().map(m -> "s." + m.id()).collect(Collectors.joining(", ")))
                .append(", coalesce(s.cell_id, '') AS cell_id")
                .append(" FROM samples s").append(HardwareProfiles.JOIN).append(" LEFT JOIN cat ON cat.prompt_id = s.prompt_id"
                        + " WHERE s.kind = 'measured' AND NOT s.set_aside"
                        // a prompt longer than the model's context window was not run: not a request, not an error
                        + " AND coalesce(s.failure_code, '') <> 'DOES_NOT_FIT' AND s.campaign_id IN (")
                .append(String.join(", ", java.util.Collections.nCopies(r.campaignIds().size(), "?"))).append("))");
        return q.toString();
    }

    /** The SQL of a request, with '?' for its parameters in {@link #parameters} order. */
    static String sql(SqlDialect dialect, AggregateRequest r) {
        String dims = r.by().stream().map(Dimension::column).collect(Collectors.joining(", "));
        StringBuilder q = new StringBuilder(base(r)).append(", ");
        q.append("g AS (SELECT ").append(dims.isEmpty() ? "" : dims + ", ").append(FINGERPRINT)
                .append(", count(DISTINCT worker_id) AS machines, count(DISTINCT cell_id) AS cells, count(*) AS requests,"
                        + " count(*) FILTER (WHERE status = 'failed') AS failures,"
                        + " count(*) FILTER (WHERE suspected_cpu_fallback) AS fallback_suspected");
        for (Metric metric : METRICS) {
            String m = metric.id();
            String okCondition = "status = 'ok' AND " + m + " IS NOT NULL";
            String ok = " FILTER (WHERE " + okCondition + ")";
            q.append(", count(").append(m).append(')').append(ok).append(" AS ").append(m).append("_n")
                    .append(", avg(").append(m).append(')').append(ok).append(" AS ").append(m).append("_mean")
                    .append(", stddev_samp(").append(m).append(')').append(ok).append(" AS ").append(m).append("_sd")
                    .append(", min(").append(m).append(')').append(ok).append(" AS ").append(m).append("_min")
                    .append(", max(").append(m).append(')').append(ok).append(" AS ").append(m).append("_max")
                    .append(", ").append(dialect.percentilesCont(m, PERCENTILES, okCondition))
                    .append(" AS ").append(m).append("_q");
        }
        // Quality: count, sum, sum of squares and passes of the scored ok answers; the interval is computed in Java.
        String scored = " FILTER (WHERE status = 'ok' AND quality_score IS NOT NULL)";
        q.append(", count(quality_score)").append(scored).append(" AS quality_n, sum(quality_score)").append(scored)
                .append(" AS quality_sum, sum(quality_score * quality_score)").append(scored)
                .append(" AS quality_ss, count(*) FILTER (WHERE status = 'ok' AND quality_verdict = 'pass') AS quality_pass");
        // Energy: sums over the ok answers with a figure; tokens per joule is computed from the sums, never averaged.
        String metered = " FILTER (WHERE status = 'ok' AND energy_j IS NOT NULL)";
        q.append(", count(energy_j)").append(metered).append(" AS energy_n, sum(energy_j)").append(metered)
                .append(" AS energy_sum, sum(coalesce(n_out, 0))").append(metered).append(" AS energy_tokens,")
                .append(" bool_or(energy_estimate)").append(metered).append(" AS energy_estimate");
        q.append(" FROM base GROUP BY ").append(dims.isEmpty() ? "" : dims + ", ").append(FINGERPRINT).append(") ");
        q.append("SELECT ").append(dims.isEmpty() ? "" : dims + ", ").append(FINGERPRINT).append(", machines, requests, failures, cells, fallback_suspected")
                .append(", quality_n, quality_sum, quality_ss, quality_pass, energy_n, energy_sum, energy_tokens,"
                        + " energy_estimate");
        for (Metric metric : METRICS) {
            String m = metric.id();
            q.append(", ").append(m).append("_n, ").append(m).append("_mean, ").append(m).append("_sd, ")
                    .append(m).append("_min, ").append(m).append("_max, ").append(m).append("_q");
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
        r.useCaseOfPrompt().forEach((k, v) -> {
            p.add(k);
            p.add(v);
        });
        p.addAll(r.campaignIds());
        return p;
    }

    /**
     * The second query: for the metrics with an interval, {@code quantile_disc} at the fractions that pick each group's
     * interval ranks. quantile_disc at q returns the value at 1-based position ceil(q·n) (PERCENTILE_DISC), so the
     * j-th smallest is q = (j − ½)/n, which floating-point error cannot push to a neighbour. One selection per group
     * instead of sorting every group's values into a list.
     */
    static String intervalSql(SqlDialect dialect, AggregateRequest r, List<Double> fractions) {
        String dims = r.by().stream().map(Dimension::column).collect(Collectors.joining(", "));
        StringBuilder q = new StringBuilder(base(r)).append(" SELECT ").append(dims.isEmpty() ? "" : dims + ", ")
                .append(FINGERPRINT);
        for (Metric m : WITH_INTERVAL) {
            q.append(", ").append(dialect.percentilesDisc(m.id(), fractions, "status = 'ok' AND " + m.id() + " IS NOT NULL"))
                    .append(" AS ").append(m.id()).append("_d");
        }
        return q.append(" FROM base GROUP BY ").append(dims.isEmpty() ? "" : dims + ", ").append(FINGERPRINT).toString();
    }

    static List<AggregateRow> run(Connection c, SqlDialect dialect, AggregateRequest r) throws SQLException {
        Map<String, AggregateRow> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = prepare(c, sql(dialect, r), parameters(r)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                AggregateRow row = row(rs, r.by());
                rows.put(key(r.by(), row.keys(), row.engine(), row.engineVersion(), row.executionProvider(),
                        row.promptSetVersion()), row);
            }
        }
        List<Double> fractions = new ArrayList<>(new java.util.TreeSet<>(rows.values().stream()
                .flatMap(row -> WITH_INTERVAL.stream().map(m -> row.metrics().get(m).n()))
                .filter(n -> MedianInterval.rank(n) > 0)
                .flatMap(n -> java.util.stream.Stream.of(lowFraction(n), highFraction(n))).toList()));
        if (fractions.isEmpty()) {
            return CellWeighting.apply(c, dialect, r, rows);
        }
        try (PreparedStatement ps = prepare(c, intervalSql(dialect, r, fractions), parameters(r)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
                for (Dimension d : r.by()) {
                    keys.put(d, rs.getString(d.column()));
                }
                String k = key(r.by(), keys, rs.getString("engine"), rs.getString("engine_version"),
                        rs.getString("execution_provider"), rs.getString("prompt_set_version"));
                AggregateRow row = rows.get(k);
                Map<Metric, Summary> metrics = new EnumMap<>(Metric.class);
                metrics.putAll(row.metrics());
                for (Metric m : WITH_INTERVAL) {
                    Summary s = metrics.get(m);
                    if (MedianInterval.rank(s.n()) == 0) {
                        continue;
                    }
                    double[] d = quantiles(rs.getArray(m.id() + "_d"));
                    metrics.put(m, new Summary(s.n(), s.mean(), s.sd(), s.cvPct(), s.min(), s.p50(), s.p90(), s.p95(),
                            s.p99(), s.max(), d[fractions.indexOf(lowFraction(s.n()))],
                            d[fractions.indexOf(highFraction(s.n()))]));
                }
                rows.put(k, row.withMetrics(metrics));
            }
        }
        return CellWeighting.apply(c, dialect, r, rows);
    }

    static double lowFraction(int n) {
        return (MedianInterval.rank(n) - 0.5) / n;
    }

    static double highFraction(int n) {
        return (n - MedianInterval.rank(n) + 1 - 0.5) / n;
    }

    /** One text per group: its keys in request order, then its fingerprint fields. */
    static String key(List<Dimension> by, Map<Dimension, String> keys, String... fingerprint) {
        StringBuilder b = new StringBuilder();
        by.forEach(d -> b.append(keys.get(d)).append('\u0000'));
        java.util.Arrays.stream(fingerprint).forEach(f -> b.append(f).append('\u0000'));
        return b.toString();
    }

    static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
        return ps;
    }

    private static AggregateRow row(ResultSet rs, List<Dimension> by) throws SQLException {
        Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
        for (Dimension d : by) {
            keys.put(d, rs.getString(d.column()));
        }
        Map<Metric, Summary> metrics = new EnumMap<>(Metric.class);
        for (Metric metric : METRICS) {
            String m = metric.id();
            int n = rs.getInt(m + "_n");
            if (n == 0) {
                metrics.put(metric, Summary.of(new double[0]));
                continue;
            }
            double[] q = quantiles(rs.getArray(m + "_q"));
            Double mean = (Double) rs.getObject(m + "_mean");
            Double sd = n > 1 ? (Double) rs.getObject(m + "_sd") : null;
            Double cv = sd == null || mean == 0 ? null : 100.0 * sd / Math.abs(mean);
            metrics.put(metric, new Summary(n, mean, sd, cv, (Double) rs.getObject(m + "_min"), q[0], q[1], q[2], q[3],
                    (Double) rs.getObject(m + "_max"), null, null));
        }
        return new AggregateRow(keys, rs.getString("engine"), rs.getString("engine_version"),
                rs.getString("execution_provider"), rs.getString("prompt_set_version"), rs.getInt("machines"),
                rs.getInt("requests"), rs.getInt("failures"), metrics,
                QualityEstimate.ofSums(rs.getInt("quality_n"), rs.getInt("quality_pass"), number(rs, "quality_sum"),
                        number(rs, "quality_ss")), rs.getInt("cells"),
                rs.getInt("fallback_suspected"), energy(rs));
    }

    private static EnergyFigures energy(ResultSet rs) throws SQLException {
        int n = rs.getInt("energy_n");
        return n == 0 ? null : new EnergyFigures(n, number(rs, "energy_sum"), (long) number(rs, "energy_tokens"),
                Boolean.TRUE.equals(rs.getObject("energy_estimate")));
    }

    private static double number(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    static double[] quantiles(Array a) throws SQLException {
        Object[] values = (Object[]) a.getArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).doubleValue();
        }
        return out;
    }
}
