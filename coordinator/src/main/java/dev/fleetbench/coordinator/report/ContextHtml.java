package dev.fleetbench.coordinator.report;

import static dev.fleetbench.coordinator.report.Html.esc;
import static dev.fleetbench.coordinator.report.Html.num;

import dev.fleetbench.coordinator.domain.context.ContextCurves;
import java.util.List;
import java.util.Map;

/**
 * The "Prompt length" section of the HTML report: TTFT, prefill rate and peak memory against prompt length per class
 * × model, with n and the basis, and the lengths a model's window cannot hold. Empty when the campaign swept no
 * lengths. All text is escaped.
 */
public final class ContextHtml {

    private ContextHtml() {
    }

    /** The section, or "" when there are no points. */
    public static String section(List<ContextCurves.Point> points, Map<String, String> classLabels) {
        if (points.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2 id=\"context\">Prompt length</h2><table><tr><th>Hardware class</th>"
                + "<th>Model</th><th>prompt tokens</th><th>n</th><th>TTFT p50 (ms)</th><th>95 % CI of the median</th>"
                + "<th>prefill p50 (tok/s)</th><th>peak memory p50 (MiB)</th><th>note</th></tr>");
        for (ContextCurves.Point p : points) {
            h.append("<tr><td class=\"l\">").append(esc(classLabels.getOrDefault(p.hardwareClass(), p.hardwareClass())))
                    .append("</td><td class=\"l\">").append(esc(p.model())).append("</td><td>").append(p.contextTokens())
                    .append("</td><td>").append(p.ttftMs().n()).append("</td><td>").append(num(p.ttftMs().p50()))
                    .append("</td><td>").append(p.ttftMs().medianCiLow() == null ? "—"
                            : num(p.ttftMs().medianCiLow()) + " – " + num(p.ttftMs().medianCiHigh()))
                    .append("</td><td>").append(num(p.prefillTps().p50())).append("</td><td>")
                    .append(p.peakRssBytes().p50() == null ? "—" : num(p.peakRssBytes().p50() / (1024.0 * 1024.0)))
                    .append("</td><td class=\"l\">").append(note(p)).append("</td></tr>");
        }
        return h.append("</table><p class=\"muted\">").append(esc("Per hardware class × model × prompt length: "
                + ContextCurves.BASIS + ". Prefill = prompt tokens / TTFT (queueing and transport included). Peak"
                + " memory: the engine process's largest resident memory while each request ran. Prompts are built on"
                + " each worker to the length with the model's tokenizer, or approximated at 4 characters per token"
                + " where the engine has none (marked)."))
                .append("</p>").toString();
    }

    /** The section inserted at the end of a rendered report's body (the report unchanged when it is empty). */
    public static String addTo(String report, List<ContextCurves.Point> points, Map<String, String> classLabels) {
        String section = section(points, classLabels);
        int end = report.lastIndexOf("</body>");
        return section.isEmpty() || end < 0 ? report : report.substring(0, end) + section + report.substring(end);
    }

    private static String note(ContextCurves.Point p) {
        StringBuilder n = new StringBuilder();
        if (p.doesNotFit() != null) {
            n.append("does not fit: ").append(esc(p.doesNotFit()));
        }
        if (p.approximate() > 0) {
            n.append(n.length() > 0 ? "; " : "").append(p.approximate()).append(" approximate length");
        }
        if (p.failures() > 0) {
            n.append(n.length() > 0 ? "; " : "").append(p.failures()).append(" failed");
        }
        return n.toString();
    }
}
