package dev.fleetbench.coordinator.store;

import dev.fleetbench.coordinator.domain.context.ContextSample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The samples of a campaign's context-length prompts, one row each, for {@code ContextCurves}: measured and counted
 * (not set aside), failed ones included (a prompt that does not fit is a failed sample with its reason), each with the
 * class stored with its hardware profile. The peak memory and the approximation flag are read from the sample's JSON.
 */
final class ContextReads {

    private ContextReads() {
    }

    static List<ContextSample> samples(Connection c, SqlDialect dialect, String campaignId, Collection<String> promptIds)
            throws SQLException {
        if (promptIds.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + HardwareProfiles.CLASS_KEY + " AS hardware_class, s.model, s.prompt_id, s.worker_id,"
                + " s.cell_id, s.status, s.failure_code, " + dialect.jsonText("s.sample_json", "failure_message")
                + " AS failure_message, s.ttft_ms, s.prefill_tps, "
                + dialect.jsonText("s.sample_json", "peak_rss_bytes") + " AS peak_rss, "
                + dialect.jsonText("s.sample_json", "context_prompt", "approximate") + " AS approximate"
                + " FROM samples s" + HardwareProfiles.JOIN
                + " WHERE s.campaign_id = ? AND s.kind = 'measured' AND NOT s.set_aside AND s.prompt_id IN ("
                + String.join(", ", Collections.nCopies(promptIds.size(), "?")) + ") ORDER BY s.seq";
        List<ContextSample> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, campaignId);
            for (String p : promptIds) {
                ps.setString(i++, p);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String peak = rs.getString("peak_rss");
                    out.add(new ContextSample(rs.getString("hardware_class"), rs.getString("model"),
                            rs.getString("prompt_id"), rs.getString("worker_id"), rs.getString("cell_id"),
                            "ok".equals(rs.getString("status")), rs.getString("failure_code"),
                            rs.getString("failure_message"), number(rs, "ttft_ms"), number(rs, "prefill_tps"),
                            peak == null ? null : (long) Double.parseDouble(peak),
                            "true".equalsIgnoreCase(rs.getString("approximate"))));
                }
            }
        }
        return out;
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
