package dev.fleetbench.coordinator.report;

import static dev.fleetbench.coordinator.report.Html.esc;
import static dev.fleetbench.coordinator.report.Html.num;

import dev.fleetbench.coordinator.domain.prediction.PredictionReport;

/**
 * The "Predicted and measured" section of the HTML report: per class × model the predicted decode rate (from the
 * machine's measured memory bandwidth and the model's size), the measured median with its n, their ratio and the
 * predicted memory fit, then the prediction's error per class. Empty when no cell has a prediction. All text is
 * escaped.
 */
public final class PredictionsHtml {

    private PredictionsHtml() {
    }

    /** The section, or "" when no row has a prediction. */
    public static String section(PredictionReport report) {
        if (report.rows().stream().noneMatch(r -> r.predictedCells() > 0)) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2 id=\"predictions\">Predicted and measured</h2><table><tr>"
                + "<th>Hardware class</th><th>Model</th><th>cells</th><th>predicted decode (tok/s)</th>"
                + "<th>measured decode p50 (tok/s)</th><th>n</th><th>measured / predicted</th><th>memory fits</th>"
                + "<th>skipped as too slow</th></tr>");
        for (PredictionReport.Row r : report.rows()) {
            if (r.predictedCells() == 0) {
                continue;
            }
            h.append("<tr><td class=\"l\">").append(esc(r.hardwareClassLabel())).append("</td><td class=\"l\">")
                    .append(esc(r.model())).append("</td><td>").append(r.cells()).append("</td><td>")
                    .append(num(r.predictedDecodeTps())).append("</td><td>").append(num(r.measuredDecodeP50()))
                    .append("</td><td>").append(r.n()).append("</td><td>").append(num(r.ratio())).append("</td><td>")
                    .append(r.fits() == null ? "—" : r.fits() ? "yes" : "no").append("</td><td>").append(r.skipped())
                    .append("</td></tr>");
        }
        h.append("</table><table><tr><th>Hardware class</th><th>cells scored</th>"
                + "<th>prediction error (median |predicted − measured| / measured)</th></tr>");
        for (PredictionReport.ClassError e : report.classes()) {
            h.append("<tr><td class=\"l\">").append(esc(e.hardwareClassLabel())).append("</td><td>")
                    .append(e.scoredCells()).append("</td><td>")
                    .append(e.medianAbsPctError() == null ? "—" : num(e.medianAbsPctError()) + " %")
                    .append("</td></tr>");
        }
        return h.append("</table><p class=\"muted\">").append(esc("Predicted decode rate = the machine's measured"
                + " memory bandwidth / (model file + key/value cache read per token): an upper bound that assumes"
                + " reading memory sets the pace (far off for models small enough to stay in the processor's caches)."
                + " Measured: the pooled median of the cells' measured requests, n requests. Only CPU variants are"
                + " predicted."))
                .append("</p>").toString();
    }

    /** The section inserted at the end of a rendered report's body (the report unchanged when it is empty). */
    public static String addTo(String report, PredictionReport predictions) {
        String section = section(predictions);
        int end = report.lastIndexOf("</body>");
        return section.isEmpty() || end < 0 ? report : report.substring(0, end) + section + report.substring(end);
    }
}
