package dev.fleetbench.coordinator.http;

import dev.fleetbench.coordinator.domain.prediction.PredictionReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The JSON of {@code GET /api/campaigns/{id}/predictions}: what is measured and what is estimated, said beside it. */
final class PredictionViews {

    /** What each figure is; the API and the UI show these beside the numbers. */
    static final Map<String, String> DEFINITIONS = Map.of(
            "predicted_decode_tps", "Estimated, not measured: the machine's measured memory bandwidth ÷ bytes read per"
                    + " token (the model file's size + its key/value cache at the middle of the answer). An upper"
                    + " bound where memory sets the pace; a class × model shows the median of its cells.",
            "measured_decode_p50", "Measured: median decode rate (n_out − 1) / (t_last − t_first) of the measured"
                    + " requests, pooled over the cells of the class × model.",
            "ratio", "measured_decode_p50 ÷ predicted_decode_tps: 1 is a perfect prediction, below 1 slower than"
                    + " predicted.",
            "median_abs_pct_error", "The prediction's error on a class: median over its cells with both figures of"
                    + " 100 × |predicted − measured| ÷ measured.",
            "memory_bytes", "Estimated memory need: model file + key/value cache of prompt and answer + 256 MiB of"
                    + " runtime buffers; fits when at most the memory the machine had free when it registered.",
            "bandwidth_gb_per_second", "Measured once when the agent started: a parallel copy between two buffers"
                    + " larger than the last-level cache, best pass, bytes read + written (GB = 10^9 bytes).",
            "predicted_too_slow", "Cells not run because the campaign's skip_predicted_too_slow factor times the"
                    + " prediction was still below slo.decode_p50_min_tps.");

    private PredictionViews() {
    }

    static Map<String, Object> predictions(String campaign, PredictionReport r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("campaign", campaign);
        doc.put("definitions", new TreeMap<>(DEFINITIONS));
        doc.put("rows", r.rows());
        doc.put("classes", r.classes());
        doc.put("cells", r.cells());
        return doc;
    }
}
