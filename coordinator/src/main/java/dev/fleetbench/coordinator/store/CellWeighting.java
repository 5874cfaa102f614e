package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.stats.CellWeights;
import dev.fleetbench.common.stats.Summary;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
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
 * Equal cell weights in pooled figures ({@link CellWeights} gives the definition): a third step of the aggregate
 * query. First the number of values of every cell per group and metric (one GROUP BY); where a group's cells differ in
 * size, its percentiles and median interval are recomputed in SQL with weight 1/n_cell per value: one window over the
 * group's values sorted by value and weight (cumulative weight, first and last weight, the next value), then linear
 * interpolation between the two positions that enclose each fraction. Only the affected groups and metrics are sorted,
 * each with its own interval fractions; where all cells have the same size the weights change nothing and the plain
 * {@code quantile_cont} figures stand.
 */
final class CellWeighting {

    /** Separates the parts of a group key, and stands for a null part; neither occurs in ids or versions. */
    private static final String SEPARATOR = "\u241F";
    private static final String NULL = "\u2400";

    private CellWeighting() {
    }

    /** One affected group and metric: its key in SQL, the row it updates, its interval fractions (or null). */
    private record Need(String groupKey, String rowKey, Metric metric, double[] interval) {
    }

    static List<AggregateRow> apply(Connection c, SqlDialect dialect, AggregateRequest r, Map<String, AggregateRow> rows)
            throws SQLException {
        List<Need> needs = needs(c, r);
        if (needs.isEmpty()) {
            return List.copyOf(rows.values());
        }
        List<Object> params = new ArrayList<>(Aggregates.parameters(r));
        for (int i = 0; i < needs.size(); i++) {
            Need n = needs.get(i);
            params.add(i);
            params.add(n.groupKey());
            params.add(n.metric().id());
            params.add(n.interval() == null ? -1.0 : n.interval()[0]);
            params.add(n.interval() == null ? -1.0 : n.interval()[1]);
        }
        try (PreparedStatement ps = Aggregates.prepare(c, sql(r, needs.size()), params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Need n = needs.get(rs.getInt("gid"));
                AggregateRow row = n == null ? null : rows.get(n.rowKey());
                if (row == null) {
                    continue;
                }
                Summary s = row.metrics().get(n.metric());
                boolean interval = n.interval() != null;
                Map<Metric, Summary> m = new EnumMap<>(Metric.class);
                m.putAll(row.metrics());
                // A weighted figure the query did not place keeps the pooled one instead of erasing it (a null median
                // was seen once in a demo run, with samples present, and crashed the recommendation; its cause is
                // not known): a figure is never replaced by nothing.
                m.put(n.metric(), new Summary(s.n(), s.mean(), s.sd(), s.cvPct(), s.min(), or(value(rs, "q50"), s.p50()),
                        or(value(rs, "q90"), s.p90()), or(value(rs, "q95"), s.p95()), or(value(rs, "q99"), s.p99()),
                        s.max(), interval ? or(value(rs, "ci_low"), s.medianCiLow()) : null,
                        interval ? or(value(rs, "ci_high"), s.medianCiHigh()) : null));
                rows.put(n.rowKey(), row.withMetrics(m));
            }
        }
        return List.copyOf(rows.values());
    }

    private static Double or(Double weighted, Double pooled) {
        return weighted != null ? weighted : pooled;
    }

    private static Double value(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    /** The groups and metrics whose cells differ in size, from the number of values of every cell. */
    private static List<Need> needs(Connection c, AggregateRequest r) throws SQLException {
        String dims = dims(r);
        StringBuilder q = new StringBuilder(Aggregates.base(r)).append(" SELECT ").append(dims)
                .append(Aggregates.FINGERPRINT).append(", ").append(groupKey(r)).append(" AS gkey");
        for (Metric m : Aggregates.METRICS) {
            q.append(", count(").append(m.id()).append(") FILTER (WHERE status = 'ok') AS ").append(m.id());
        }
        q.append(" FROM base GROUP BY ").append(dims).append(Aggregates.FINGERPRINT).append(", cell_id");
        Map<String, String> rowKeys = new LinkedHashMap<>();
        Map<String, Map<Metric, List<Integer>>> sizes = new LinkedHashMap<>();
        try (PreparedStatement ps = Aggregates.prepare(c, q.toString(), Aggregates.parameters(r)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String gkey = rs.getString("gkey");
                rowKeys.putIfAbsent(gkey, rowKey(rs, r.by()));
                Map<Metric, List<Integer>> byMetric = sizes.computeIfAbsent(gkey, k -> new LinkedHashMap<>());
                for (Metric m : Aggregates.METRICS) {
                    int n = rs.getInt(m.id());
                    if (n > 0) {
                        byMetric.computeIfAbsent(m, k -> new ArrayList<>()).add(n);
                    }
                }
            }
        }
        List<Need> out = new ArrayList<>();
        sizes.forEach((gkey, byMetric) -> byMetric.forEach((metric, list) -> {
            if (list.stream().distinct().count() > 1) {
                double[] f = Aggregates.WITH_INTERVAL.contains(metric)
                        ? CellWeights.intervalFractions(list.stream().mapToInt(Integer::intValue).toArray()) : null;
                out.add(new Need(gkey, rowKeys.get(gkey), metric, f));
            }
        }));
        return out;
    }

    /**
     * The weighted quantiles of the needed groups and metrics, one row per group and metric. Position of value i:
     * (C(i) − w(i)/2 − w(1)/2) / (W − w(1)/2 − w(N)/2), values ordered by (value, weight) as {@link CellWeights} does.
     * Parameters: the base's, then (index, group key, metric, interval low fraction, high fraction) per need, −1 for
     * no interval.
     */
    static String sql(AggregateRequest r, int needs) {
        StringBuilder q = new StringBuilder(Aggregates.base(r));
        q.append(", fr(gid, gkey, metric, lo, hi) AS (VALUES ")
                .append(String.join(", ", java.util.Collections.nCopies(needs, "(CAST(? AS INTEGER), CAST(? AS TEXT),"
                        + " CAST(? AS TEXT), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION))")))
                .append(")");
        // the group key once per sample; then every (group, metric) to weigh has a small integer id to sort by
        q.append(", k AS (SELECT ").append(groupKey(r)).append(" AS gkey, cell_id, status, ")
                .append(Aggregates.METRICS.stream().map(Metric::id).collect(Collectors.joining(", "))).append(" FROM base)");
        q.append(", l AS (").append(Aggregates.METRICS.stream().map(Metric::id).map(m -> "SELECT fr.gid, k.cell_id, k." + m
                + " AS x, fr.lo, fr.hi FROM k JOIN fr ON fr.gkey = k.gkey AND fr.metric = '" + m + "' WHERE k.status = 'ok'"
                + " AND k." + m + " IS NOT NULL").collect(Collectors.joining(" UNION ALL "))).append(")");
        q.append(", cc AS (SELECT gid, cell_id, CAST(1 AS DOUBLE PRECISION) / count(*) AS wt FROM l GROUP BY gid, cell_id)");
        q.append(", gt AS (SELECT gid, CAST(count(*) AS DOUBLE PRECISION) AS total, sum(CAST(1 AS DOUBLE PRECISION) / wt) AS cnt"
                + " FROM cc GROUP BY gid)");
        q.append(", w AS (SELECT l.gid, l.x, cc.wt, l.lo, l.hi, gt.total, gt.cnt FROM l JOIN cc ON cc.gid = l.gid"
                + " AND cc.cell_id = l.cell_id JOIN gt ON gt.gid = l.gid)");
        String all = " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING";
        String win = "PARTITION BY gid ORDER BY x, wt";
        q.append(", o AS (SELECT gid, x, wt, lo, hi, total, cnt, sum(wt) OVER (").append(win)
                .append(" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum, first_value(wt) OVER (").append(win)
                .append(all).append(") AS w1, last_value(wt) OVER (").append(win).append(all)
                .append(") AS wn, lead(x) OVER (").append(win).append(") AS x2, lead(wt) OVER (")
                .append(win).append(") AS wt2 FROM w)");
        q.append(", s AS (SELECT gid, x, x2, lo, hi,"
                + " CASE WHEN cnt < 1.5 THEN 0 ELSE (cum - wt / 2 - w1 / 2) / (total - w1 / 2 - wn / 2) END AS pos,"
                + " CASE WHEN x2 IS NULL THEN NULL ELSE (cum + wt2 / 2 - w1 / 2) / (total - w1 / 2 - wn / 2) END AS pos2"
                + " FROM o)");
        q.append(" SELECT gid");
        for (String[] f : new String[][] {{"0.5", "q50"}, {"0.9", "q90"}, {"0.95", "q95"}, {"0.99", "q99"}, {"lo", "ci_low"},
                {"hi", "ci_high"}}) {
            String v = f[0].startsWith("0") ? "CAST(" + f[0] + " AS DOUBLE PRECISION)" : f[0];
            q.append(", max(CASE WHEN ").append(v).append(" < 0 THEN NULL WHEN pos2 IS NULL AND pos <= ").append(v)
                    .append(" THEN x WHEN pos <= ").append(v).append(" AND ").append(v).append(" < pos2 THEN x + (")
                    .append(v).append(" - pos) * (x2 - x) / (pos2 - pos) END) AS ").append(f[1]);
        }
        return q.append(" FROM s GROUP BY gid").toString();
    }

    /** One text per group in SQL: its dimension and fingerprint values, nulls marked. */
    private static String groupKey(AggregateRequest r) {
        List<String> cols = new ArrayList<>(r.by().stream().map(Dimension::column).toList());
        cols.addAll(List.of(Aggregates.FINGERPRINT.split(", ")));
        return cols.stream().map(col -> "coalesce(" + col + ", '" + NULL + "')")
                .collect(Collectors.joining(" || '" + SEPARATOR + "' || "));
    }

    private static String dims(AggregateRequest r) {
        String dims = r.by().stream().map(Dimension::column).collect(Collectors.joining(", "));
        return dims.isEmpty() ? "" : dims + ", ";
    }

    private static String rowKey(ResultSet rs, List<Dimension> by) throws SQLException {
        Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
        for (Dimension d : by) {
            keys.put(d, rs.getString(d.column()));
        }
        return Aggregates.key(by, keys, rs.getString("engine"), rs.getString("engine_version"),
                rs.getString("execution_provider"), rs.getString("prompt_set_version"));
    }
}
