package dev.fleetbench.coordinator.report;

import static dev.fleetbench.coordinator.report.Html.esc;
import static dev.fleetbench.coordinator.report.Html.num;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.common.stats.Summary;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.ClassFacts;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.domain.results.EnergyFigures;
import dev.fleetbench.coordinator.domain.results.EvidenceJson;
import dev.fleetbench.coordinator.domain.results.Recommendations;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A campaign's results as one HTML file that reads offline (inline CSS, charts as inline SVG, no script): the
 * recommendations with the reason each alternative lost, bar charts of decode rate and TTFT per class × model with the
 * median's confidence interval, and the statistics table with the definition of every figure. All text is escaped.
 */
public final class HtmlReport {

    private static final String CSS = "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
            + "td:first-child,th:first-child,td.l{text-align:left}h1{font-size:1.6em}h2{margin-top:1.6em}.muted{color:#666}"
            + ".bad{color:#a00}.good{color:#060}svg text{font:11px system-ui,sans-serif}";

    private HtmlReport() {
    }

    public static String render(String title, String campaignId, List<Recommendations.ClassResult> recommendations,
                                List<AggregateRow> classModelRows, Map<String, ClassFacts> classes, String slo,
                                String generatedAt) {
        return render(title, campaignId, recommendations, classModelRows, List.of(), classes, slo, generatedAt);
    }

    /** The report with a table of measured quality per class, use case and model ({@code useCaseRows}). */
    public static String render(String title, String campaignId, List<Recommendations.ClassResult> recommendations,
                                List<AggregateRow> classModelRows, List<AggregateRow> useCaseRows,
                                Map<String, ClassFacts> classes, String slo, String generatedAt) {
        StringBuilder h = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title><style>").append(CSS).append("</style></head><body>");
        h.append("<h1>").append(esc(title)).append("</h1><p class=\"muted\">Campaign ").append(esc(campaignId))
                .append(" · generated ").append(esc(generatedAt)).append(" · service levels: ").append(esc(slo)).append("</p>");
        h.append("<h2>Recommendations</h2>");
        for (Recommendations.ClassResult c : recommendations) {
            h.append("<h3>").append(esc(c.hardwareClass().label())).append(" <span class=\"muted\">(")
                    .append(esc(c.hardwareClass().key())).append(", ").append(c.hardwareClass().machines())
                    .append(" machine(s))</span></h3><ul>");
            for (Recommendations.UseCaseResult u : c.useCases()) {
                Recommendation r = u.recommendation();
                h.append("<li><b>").append(esc(u.useCase())).append("</b>")
                        .append(u.groups() > 1 ? " <span class=\"muted\">(" + esc(u.engineVersion()) + ")</span>" : "")
                        .append(": ").append(r.recommended() == null ? "<span class=\"bad\">none</span>"
                                : "<span class=\"good\">" + esc(r.recommended()) + "</span>")
                        .append(" — ").append(esc(r.summary()))
                        .append(r.recommended() == null ? "" : " <span class=\"muted\">[ranked by "
                                + esc(EvidenceJson.basis(r).replace('_', ' ')) + "; " + esc(r.evidence().words()) + "]</span>")
                        .append("<ul>");
                for (Recommendation.Rejection x : r.rejected()) {
                    h.append("<li>").append(esc(x.model())).append(": ").append(esc(x.reason().name()
                            .toLowerCase(Locale.ROOT).replace('_', ' '))).append(" — ").append(esc(x.detail()))
                            .append(x.evidence() == null ? "" : " <span class=\"muted\">[" + esc(x.evidence().words())
                                    + "]</span>").append("</li>");
                }
                h.append("</ul></li>");
            }
            h.append("</ul>");
        }
        if (useCaseRows.stream().anyMatch(r -> r.quality() != null)) {
            h.append("<h2>Measured quality per use case</h2><table><tr><th>Hardware class</th><th>Use case</th>"
                    + "<th>Model</th><th>score</th><th>n</th><th>passed</th><th>95 % interval</th></tr>");
            for (AggregateRow r : useCaseRows) {
                if (r.quality() == null) {
                    continue;
                }
                h.append("<tr><td class=\"l\">").append(esc(label(r, classes))).append("</td><td class=\"l\">")
                        .append(esc(r.keys().get(Dimension.USE_CASE))).append("</td><td class=\"l\">")
                        .append(esc(r.keys().get(Dimension.MODEL))).append("</td><td>").append(num(r.quality().mean()))
                        .append("</td><td>").append(r.quality().n()).append("</td><td>").append(r.quality().passes())
                        .append("</td><td>").append(num(r.quality().low())).append("–").append(num(r.quality().high()))
                        .append("</td></tr>");
            }
            h.append("</table><p class=\"muted\">Score: the mean of the automatic checks' scores (each in [0, 1]) over"
                    + " the measured answers; interval: ").append(esc(dev.fleetbench.common.recommend.QualityEstimate
                    .INTERVAL_METHOD)).append(".</p>");
        }
        h.append("<h2>Decode rate, p50 (tokens/s)</h2>").append(bars(classModelRows, classes, Metric.DECODE_TPS));
        h.append("<h2>Time to first token, p50 (ms)</h2>").append(bars(classModelRows, classes, Metric.TTFT_MS));
        h.append("<h2>Statistics</h2><table><tr><th>Hardware class</th><th>Model</th><th>n</th><th>errors</th>"
                + "<th>TTFT p50</th><th>TTFT p90</th><th>decode p50</th><th>E2E p50</th><th>E2E p99</th><th>cv E2E</th></tr>");
        for (AggregateRow r : classModelRows) {
            Map<Metric, Summary> m = r.metrics();
            h.append("<tr><td class=\"l\">").append(esc(label(r, classes))).append("</td><td class=\"l\">")
                    .append(esc(r.keys().get(Dimension.MODEL))).append("</td><td>").append(r.requests()).append("</td><td>")
                    .append(r.failures()).append("</td><td>").append(num(m.get(Metric.TTFT_MS).p50())).append("</td><td>")
                    .append(num(m.get(Metric.TTFT_MS).p90())).append("</td><td>")
                    .append(num(m.get(Metric.DECODE_TPS).p50())).append("</td><td>")
                    .append(num(m.get(Metric.E2E_MS).p50())).append("</td><td>").append(num(m.get(Metric.E2E_MS).p99()))
                    .append("</td><td>").append(num(m.get(Metric.E2E_MS).cvPct()))
                    .append(" %</td></tr>");
        }
        h.append("</table><p class=\"muted\">");
        for (Metric d : List.of(Metric.TTFT_MS, Metric.DECODE_TPS, Metric.E2E_MS)) {
            h.append(esc(d.definition())).append(' ');
        }
        h.append("Percentiles: linear interpolation between closest ranks over the"
                + " measured requests of all machines of a class (never an average of per-machine percentiles); cold and"
                + " warm-up requests excluded. Whiskers: 95 % confidence interval of the median.</p>");
        energy(h, classModelRows, classes);
        return h.append("</body></html>\n").toString();
    }

    /** The energy table, only when some machine read an energy counter. */
    private static void energy(StringBuilder h, List<AggregateRow> rows, Map<String, ClassFacts> classes) {
        List<AggregateRow> metered = rows.stream().filter(r -> r.energy() != null).toList();
        if (metered.isEmpty()) {
            return;
        }
        h.append("<h2>Energy per answer</h2><table><tr><th>Hardware class</th><th>Model</th><th>answers metered</th>"
                + "<th>J per answer</th><th>tokens per joule</th></tr>");
        for (AggregateRow r : metered) {
            EnergyFigures e = r.energy();
            h.append("<tr><td class=\"l\">").append(esc(label(r, classes))).append("</td><td class=\"l\">")
                    .append(esc(r.keys().get(Dimension.MODEL))).append("</td><td>").append(e.requests())
                    .append("</td><td>").append(num(e.joulesPerAnswer())).append("</td><td>")
                    .append(num(e.tokensPerJoule())).append(e.estimate() ? " (estimate)" : "").append("</td></tr>");
        }
        h.append("</table><p class=\"muted\">Energy is read from the machine's counters around every request (Linux RAPL"
                + " package and DRAM, or the battery while on battery). They cover the whole processor or the whole machine,"
                + " not the engine alone: an estimate. Tokens per joule = all output tokens / all joules of the metered"
                + " answers; idle power is not subtracted.</p>");
    }

    /** Horizontal bars of one metric's median per class × model, with the median's interval as a whisker. */
    static String bars(List<AggregateRow> rows, Map<String, ClassFacts> classes, Metric metric) {
        double max = rows.stream().map(r -> r.metrics().get(metric)).filter(s -> s.n() > 0)
                .mapToDouble(s -> s.medianCiHigh() != null ? s.medianCiHigh() : s.p50()).max().orElse(1);
        int rowH = 22;
        int labelW = 420;
        int barW = 560;
        StringBuilder s = new StringBuilder("<svg width=\"")
                .append(labelW + barW + 80).append("\" height=\"").append(rows.size() * rowH + 10).append("\">");
        int y = 5;
        for (AggregateRow r : rows) {
            Summary m = r.metrics().get(metric);
            s.append("<text x=\"0\" y=\"").append(y + 15).append("\">").append(esc(label(r, classes) + " · "
                    + r.keys().get(Dimension.MODEL))).append("</text>");
            if (m.n() > 0) {
                int w = (int) Math.round(barW * m.p50() / max);
                s.append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 4).append("\" width=\"").append(w)
                        .append("\" height=\"14\" fill=\"#4c78a8\"/>");
                if (m.medianCiLow() != null) {
                    int lo = labelW + (int) Math.round(barW * m.medianCiLow() / max);
                    int hi = labelW + (int) Math.round(barW * m.medianCiHigh() / max);
                    s.append("<line x1=\"").append(lo).append("\" x2=\"").append(hi).append("\" y1=\"").append(y + 11)
                            .append("\" y2=\"").append(y + 11).append("\" stroke=\"#222\"/>");
                }
                s.append("<text x=\"").append(labelW + w + 6).append("\" y=\"").append(y + 15).append("\">")
                        .append(num(m.p50())).append(" (n=").append(m.n()).append(")</text>");
            }
            y += rowH;
        }
        return s.append("</svg>").toString();
    }

    private static String label(AggregateRow r, Map<String, ClassFacts> classes) {
        String key = r.keys().get(Dimension.HARDWARE_CLASS);
        ClassFacts f = classes.get(key);
        return f == null ? key : f.label();
    }
}
