package dev.fleetbench.coordinator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results table the demo prints, rendered from the coordinator's own API documents ({@code /api/aggregates} by
 * hardware class, use case and model, and {@code /api/recommendations}), so the table says exactly what the API, the
 * UI, {@code models.json} and the HTML report say. Pure: JSON in, text out.
 */
public final class ResultsTable {

    private static final String[] HEADER = {"Hardware class", "Use case", "Model", "Mach", "n", "TTFT p50",
        "Decode p50", "Errors", "Quality"};

    private ResultsTable() {
    }

    public static String render(JsonNode aggregates, JsonNode recommendations) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (JsonNode g : aggregates.path("groups")) {
            JsonNode m = g.path("metrics");
            JsonNode q = g.path("quality");
            rows.add(new String[] {text(g, "hardware_class"), text(g, "use_case"), text(g, "model"),
                String.valueOf(g.path("machines").asInt()), String.valueOf(g.path("requests").asInt()),
                ms(m.path(Metric.TTFT_MS.id()).path("p50")),
                m.path(Metric.DECODE_TPS.id()).path("p50").isNumber() ? String.format(Locale.ROOT, "%.1f tok/s",
                        m.path(Metric.DECODE_TPS.id()).path("p50").asDouble()) : "—",
                String.format(Locale.ROOT, "%.0f %%", 100 * g.path("error_rate").asDouble()),
                q.isObject() ? String.format(Locale.ROOT, "%.2f (n=%d, %.2f–%.2f)", q.path("score").asDouble(),
                        q.path("n").asInt(), q.path("ci_low").asDouble(), q.path("ci_high").asDouble()) : "—"});
        }
        StringBuilder out = new StringBuilder(columns(rows));
        out.append("Quality: mean automatic check score in [0, 1] over the measured answers, with n and its 95 % t"
                + " interval.\n");
        for (JsonNode c : recommendations.path("classes")) {
            for (JsonNode u : c.path("use_cases")) {
                out.append('\n').append(text(c, "hardware_class")).append(" · ").append(text(u, "use_case"));
                if (u.path("engine_groups").asInt(1) > 1) {
                    out.append(" · ").append(text(u, "engine_version"));
                }
                out.append(": ").append(text(u, "summary")).append('\n');
                for (JsonNode a : u.path("alternatives")) {
                    out.append("  ").append(text(a, "model")).append(": ").append(text(a, "reason").replace('_', ' '))
                            .append(" — ").append(text(a, "detail")).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? "—" : v.asText();
    }

    private static String ms(JsonNode v) {
        if (!v.isNumber()) {
            return "—";
        }
        double d = v.asDouble();
        return String.format(Locale.ROOT, d >= 100 ? "%.0f ms" : "%.1f ms", d);
    }

    private static String columns(List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
