package dev.fleetbench.coordinator.store;

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
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Equal cell weights in pooled figures ({@link CellWeights} gives the definition): a third step of the aggregate
 * query. First the number of values of every cell per group and metric (one GROUP BY); where a group's cells differ in
 * size, its percentiles and median interval are recomputed in SQL with weight 1/n_cell per value (window sums over the
 * values sorted by value and weight, then linear interpolation between the positions that enclose each fraction).
 * Where all cells have the same size the weights change nothing and the plain {@code quantile_cont} figures stand,
 * so the costly sort runs only for metrics that need it.
 */
final class CellWeighting {

    private CellWeighting() {
    }

    static List<AggregateRow> apply(Connection c, SqlDialect dialect, AggregateRequest r, Map<String, AggregateRow> rows)
            throws SQLException {
        Map<String, Map<String, List<Integer>>> sizes = cellSizes(c, r);
        Map<String, Map<String, double[]>> needs = new LinkedHashMap<>(); // group → metric → interval fractions or null
        TreeSet<Double> fractions = new TreeSet<>(Aggregates.PERCENTILES);
        TreeSet<String> metrics = new TreeSet<>();
        sizes.forEach((group, byMetric) -> byMetric.forEach((metric, list) -> {
            if (list.stream().distinct().count() > 1) {
                double[] f = CellWeights.intervalFractions(list.stream().mapToInt(Integer::intValue).toArray());
                needs.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(metric, f);
                metrics.add(metric);
                if (f != null && Aggregates.WITH_INTERVAL.contains(metric)) {
                    fractions.add(f[0]);
                    fractions.add(f[1]);
                }
            }
        }));
        if (needs.isEmpty()) {
            return List.copyOf(rows.values());
        }
        List<Double> fs = new ArrayList<>(fractions);
        try (PreparedStatement ps = Aggregates.prepare(c, sql(r, List.copyOf(metrics), fs), Aggregates.parameters(r));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String group = key(rs, r.by());
                String metric = rs.getString("metric");
                Map<String, double[]> need = needs.get(group);
                AggregateRow row = rows.get(group);
                if (need == null || !need.containsKey(metric) || row == null) {
                    continue;
                }
                double[] q = new double[fs.size()];
                for (int i = 0; i < q.length; i++) {
                    q[i] = rs.getDouble("q" + i);
                }
                Summary s = row.metrics().get(metric);
                double[] f = need.get(metric);
                boolean interval = f != null && Aggregates.WITH_INTERVAL.contains(metric);
                Map<String, Summary> m = new LinkedHashMap<>(row.metrics());
                m.put(metric, new Summary(s.n(), s.mean(), s.sd(), s.cvPct(), s.min(), q[fs.indexOf(0.5)],
                        q[fs.indexOf(0.9)], q[fs.indexOf(0.95)], q[fs.indexOf(0.99)], s.max(),
                        interval ? q[fs.indexOf(f[0])] : null, interval ? q[fs.indexOf(f[1])] : null));
                rows.put(group, new AggregateRow(row.keys(), row.engine(), row.engineVersion(), row.executionProvider(),
                        row.promptSetVersion(), row.machines(), row.requests(), row.failures(), m, row.cells()));
            }
        }
        return List.copyOf(rows.values());
    }

    /** Group key → metric → the number of values of each of its cells (cells without values left out). */
    private static Map<String, Map<String, List<Integer>>> cellSizes(Connection c, AggregateRequest r) throws SQLException {
        String dims = dims(r);
        StringBuilder q = new StringBuilder(Aggregates.base(r)).append(" SELECT ").append(dims).append(Aggregates.FINGERPRINT);
        for (String m : Aggregates.METRICS) {
            q.append(", count(").append(m).append(") FILTER (WHERE status = 'ok') AS ").append(m);
        }
        q.append(" FROM base GROUP BY ").append(dims).append(Aggregates.FINGERPRINT).append(", cell_id");
        Map<String, Map<String, List<Integer>>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = Aggregates.prepare(c, q.toString(), Aggregates.parameters(r)); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, List<Integer>> byMetric = out.computeIfAbsent(key(rs, r.by()), k -> new LinkedHashMap<>());
                for (String m : Aggregates.METRICS) {
                    int n = rs.getInt(m);
                    if (n > 0) {
                        byMetric.computeIfAbsent(m, k -> new ArrayList<>()).add(n);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The weighted quantiles at the fractions for the metrics, one row per group and metric. Position of value i:
     * (C(i) − w(i)/2 − w(1)/2) / (W − w(1)/2 − w(N)/2), values ordered by (value, weight) as {@link CellWeights} does.
     */
    static String sql(AggregateRequest r, List<String> metrics, List<Double> fractions) {
        String dims = dims(r);
        String part = "PARTITION BY " + dims + Aggregates.FINGERPRINT + ", metric";
        String ordered = part + " ORDER BY x, wt";
        StringBuilder q = new StringBuilder(Aggregates.base(r)).append(", l AS (");
        q.append(metrics.stream().map(m -> "SELECT " + dims + Aggregates.FINGERPRINT + ", cell_id, '" + m + "' AS metric, "
                + m + " AS x FROM base WHERE status = 'ok' AND " + m + " IS NOT NULL").collect(Collectors.joining(" UNION ALL ")));
        q.append("), w AS (SELECT ").append(dims).append(Aggregates.FINGERPRINT)
                .append(", metric, x, CAST(1 AS DOUBLE PRECISION) / count(*) OVER (").append(part)
                .append(", cell_id) AS wt FROM l)");
        q.append(", o AS (SELECT ").append(dims).append(Aggregates.FINGERPRINT).append(", metric, x, wt, sum(wt) OVER (")
                .append(ordered).append(" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum, sum(wt) OVER (")
                .append(part).append(") AS total, first_value(wt) OVER (").append(ordered)
                .append(" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS w1, last_value(wt) OVER (")
                .append(ordered).append(" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS wn, count(*) OVER (")
                .append(part).append(") AS cnt FROM w)");
        q.append(", p AS (SELECT ").append(dims).append(Aggregates.FINGERPRINT).append(", metric, x, wt,"
                + " CASE WHEN cnt = 1 THEN 0 ELSE (cum - wt / 2 - w1 / 2) / (total - w1 / 2 - wn / 2) END AS pos FROM o)");
        q.append(", s AS (SELECT ").append(dims).append(Aggregates.FINGERPRINT).append(", metric, x, pos, lead(x) OVER (")
                .append(ordered).append(") AS x2, lead(pos) OVER (").append(ordered).append(") AS pos2 FROM p)");
        q.append(" SELECT ").append(dims).append(Aggregates.FINGERPRINT).append(", metric");
        for (int i = 0; i < fractions.size(); i++) {
            String f = "CAST(" + fractions.get(i) + " AS DOUBLE PRECISION)";
            q.append(", max(CASE WHEN pos2 IS NULL AND pos <= ").append(f).append(" THEN x WHEN pos <= ").append(f)
                    .append(" AND ").append(f).append(" < pos2 THEN x + (").append(f)
                    .append(" - pos) * (x2 - x) / (pos2 - pos) END) AS q").append(i);
        }
        return q.append(" FROM s GROUP BY ").append(dims).append(Aggregates.FINGERPRINT).append(", metric").toString();
    }

    private static String dims(AggregateRequest r) {
        String dims = r.by().stream().map(Dimension::column).collect(Collectors.joining(", "));
        return dims.isEmpty() ? "" : dims + ", ";
    }

    private static String key(ResultSet rs, List<Dimension> by) throws SQLException {
        Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
        for (Dimension d : by) {
            keys.put(d, rs.getString(d.column()));
        }
        return Aggregates.key(by, keys, rs.getString("engine"), rs.getString("engine_version"),
                rs.getString("execution_provider"), rs.getString("prompt_set_version"));
    }
}
