package dev.fleetbench.coordinator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.MemoryBandwidth;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.coordinator.domain.prediction.CellPrediction;
import dev.fleetbench.coordinator.domain.prediction.PredictionReport;
import dev.fleetbench.coordinator.domain.prediction.Predictor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's "Predicted and measured" section: the figures of the prediction report, escaped, or nothing. */
class PredictionsHtmlTest {

    @Test
    void aClassWithPredictionsGetsItsRowAndError() {
        ModelVariant oneGb = new ModelVariant("m<1>", "m<1>", DeviceType.CPU, null, 1_000_000_000L, 0, null);
        CellPrediction ten = Predictor.predict(new MemoryBandwidth(10, "copy", 128L << 20, 5, 4, 500),
                new MemoryInfo(16_000_000_000L, 8_000_000_000L), oneGb, PromptSpec.context(128, 8)).orElseThrow();
        PredictionReport r = PredictionReport.of(List.of(
                PredictionReport.CellOutcome.of("c1", "desk", "w1", "m<1>", "p1", "done", ten, 8.0, 5)),
                Map.of(PredictionReport.key("desk", "m<1>"), new PredictionReport.Measured(8.0, 5)),
                Map.of("desk", "Desk & co"));
        String html = PredictionsHtml.addTo("<html><body><h1>r</h1></body></html>", r);

        assertThat(html).contains("<h2 id=\"predictions\">Predicted and measured</h2>")
                .contains("Desk &amp; co").contains("m&lt;1&gt;").doesNotContain("m<1>")
                .contains("<td>" + String.format(java.util.Locale.ROOT, "%.2f", ten.decodeTps()) + "</td><td>8.00</td><td>5</td>")
                .contains(String.format(java.util.Locale.ROOT, "%.2f %%", r.classes().get(0).medianAbsPctError()))
                .endsWith("</p></body></html>");
    }

    @Test
    void noPredictionLeavesTheReportAsItWas() {
        PredictionReport none = PredictionReport.of(List.of(
                PredictionReport.CellOutcome.of("c1", "desk", "w1", "m", "p1", "done", null, 8.0, 5)),
                Map.of(PredictionReport.key("desk", "m"), new PredictionReport.Measured(8.0, 5)), Map.of());
        assertThat(PredictionsHtml.addTo("<html><body></body></html>", none)).isEqualTo("<html><body></body></html>");
    }
}
