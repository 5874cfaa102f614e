package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.stats.Stability;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.domain.results.GroupKey;
import dev.fleetbench.coordinator.domain.results.GroupSamples;
import dev.fleetbench.coordinator.domain.results.GroupValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** SQL of the results side beyond aggregates: stability per cell, raw values per group, a group's samples, ratings. */
final class Results {

    /** Fingerprint fields reported per group, as SQL expressions over a sample row. */
    private static Map<String, String> fingerprint(SqlDialect dialect) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("engine_version", "s.engine_version");
        f.put("execution_provider", "s.execution_provider");
        f.put("os_build", dialect.jsonText("s.sample_json", "fingerprint", "os_build"));
        f.put("accelerator_driver", dialect.jsonText("s.sample_json", "fingerprint", "accelerator_driver"));
        f.put("hardware_profile_hash", "s.hardware_profile_hash");
        f.put("agent_version", "s.agent_version");
        f.put("prompt_set_version", "s.prompt_set_version");
        return f;
    }

    private Results() {
    }

    /**
     * Cells breaking the stability rule ({@link Stability}: cv ≥ 3 %, or a point farther than 3 × 1.4826 × MAD from
     * the median) on their decode rate, or on E2E when they have no decode rates (one-token answers). The medians are
     * continuous percentiles at ½, as {@link Stability#median} computes them.
     */
    static Set<String> unstableCells(Connection c, SqlDialect dialect, String campaignId, Collection<String> cellIds)
            throws SQLException {
        String only = cellIds == null ? "" : " AND cell_id IN (" + String.join(", ", Collections.nCopies(cellIds.size(), "?")) + ")";
        if (cellIds != null && cellIds.isEmpty()) {
            return Set.of();
        }
        String sql = "WITH v AS (SELECT cell_id, CASE WHEN count(decode_tps) OVER (PARTITION BY cell_id) >= 2"
                + " THEN decode_tps ELSE e2e_ms END AS x FROM samples WHERE campaign_id = ? AND kind = 'measured'"
                + " AND NOT set_aside AND status = 'ok'" + only + "),"
                + " s AS (SELECT cell_id, avg(x) AS m, stddev_samp(x) AS sd, count(x) AS n, ("
                + dialect.percentilesCont("x", List.of(0.5), "x IS NOT NULL") + ")[1] AS med FROM v"
                + " WHERE x IS NOT NULL GROUP BY cell_id),"
                + " d AS (SELECT v.cell_id, abs(v.x - s.med) AS dev FROM v JOIN s ON s.cell_id = v.cell_id"
                + " WHERE v.x IS NOT NULL),"
                + " r AS (SELECT cell_id, (" + dialect.percentilesCont("dev", List.of(0.5), "dev IS NOT NULL")
                + ")[1] AS mad, max(dev) AS far FROM d GROUP BY cell_id)"
                + " SELECT s.cell_id FROM s JOIN r ON r.cell_id = s.cell_id WHERE s.n >= 2 AND s.sd > 0"
                + " AND (100 * s.sd / abs(s.m) >= " + Stability.MAX_CV_PCT + " OR (s.n >= " + Stability.MIN_FOR_OUTLIERS
                + " AND r.far > " + Stability.OUTLIER_SD + " * " + Stability.MAD_TO_SD + " * r.mad)) ORDER BY s.cell_id";
        Set<String> out = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, campaignId);
            if (cellIds != null) {
                for (String id : cellIds) {
                    ps.setString(i++, id);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Raw values of a metric per group (no fingerprint grouping: the fingerprints seen are reported instead). */
    static List<GroupValues> values(Connection c, SqlDialect dialect, AggregateRequest r, Metric of)
            throws SQLException {
        if (!Aggregates.METRICS.contains(of)) {
            throw new IllegalArgumentException("metric '" + of.id() + "' is not measured per request; expected one of "
                    + Aggregates.METRICS.stream().map(Metric::id).toList());
        }
        String metric = of.id();
        String dims = r.by().stream().map(d -> "b." + d.column()).collect(Collectors.joining(", "));
        StringBuilder q = new StringBuilder(Aggregates.base(r));
        Map<String, String> fingerprint = fingerprint(dialect);
        q.append(" SELECT ").append(dims.isEmpty() ? "" : dims + ", ")
                .append(dialect.sortedValues("b." + metric, "b.status = 'ok' AND b." + metric + " IS NOT NULL"))
                .append(" AS vals");
        fingerprint.forEach((n, expr) -> q.append(", ").append(dialect.sortedDistinctText(expr)).append(" AS fp_").append(n));
        q.append(" FROM base b JOIN samples s ON s.sample_id = b.sample_id");
        q.append(dims.isEmpty() ? "" : " GROUP BY " + dims + " ORDER BY " + dims);
        String sql = q.toString();
        List<GroupValues> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            List<Object> params = Aggregates.parameters(r);
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
                    for (Dimension d : r.by()) {
                        keys.put(d, rs.getString(d.column()));
                    }
                    java.sql.Array array = rs.getArray("vals");
                    Object[] vals = array == null ? new Object[0] : (Object[]) array.getArray();
                    double[] v = new double[vals.length];
                    for (int i = 0; i < vals.length; i++) {
                        v[i] = ((Number) vals[i]).doubleValue();
                    }
                    Map<String, List<String>> fps = new LinkedHashMap<>();
                    for (String n : fingerprint.keySet()) {
                        List<String> seen = new ArrayList<>();
                        for (Object o : (Object[]) rs.getArray("fp_" + n).getArray()) {
                            if (o != null) {
                                seen.add(o.toString());
                            }
                        }
                        fps.put(n, seen);
                    }
                    out.add(new GroupValues(keys, v, fps));
                }
            }
        }
        return out;
    }

    /**
     * A page of the samples of one group: every kind (or the one asked for), set-aside ones too, in arrival order. The
     * class is the one stored with each sample's hardware profile, as in the aggregates.
     */
    static GroupSamples groupSamples(Connection c, String campaignId, GroupKey group, SampleKind kind, int offset,
                                     int limit) throws SQLException {
        StringBuilder where = new StringBuilder(" FROM samples s").append(HardwareProfiles.JOIN)
                .append(" WHERE s.campaign_id = ?");
        List<Object> params = new ArrayList<>(List.of(campaignId));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put(HardwareProfiles.CLASS_KEY, group.hardwareClass());
        filters.put("s.model", group.model());
        filters.put("s.prompt_id", group.prompt());
        filters.put("s.worker_id", group.worker());
        filters.put("s.kind", kind == null ? null : kind.wire());
        filters.forEach((column, value) -> {
            if (value != null) {
                where.append(" AND ").append(column).append(" = ?");
                params.add(value);
            }
        });
        long total = Reads.list(c, "SELECT count(*)" + where, params, r -> r.getLong(1)).get(0);
        List<Object> page = new ArrayList<>(params);
        page.add(limit);
        page.add(offset);
        List<Sample> samples = Reads.list(c, "SELECT s.sample_json" + where + " ORDER BY s.seq LIMIT ? OFFSET ?", page,
                r -> Json.read(r.getString(1), Sample.class));
        return new GroupSamples(total, samples);
    }
}
