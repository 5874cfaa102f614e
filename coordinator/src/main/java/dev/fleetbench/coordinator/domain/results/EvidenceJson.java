package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.recommend.Evidence;
import dev.fleetbench.common.recommend.QualityEstimate;
import dev.fleetbench.common.recommend.Recommendation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shape of the evidence behind a recommendation or a "why not", shared by {@code /api/recommendations},
 * {@code /api/aggregates} (quality) and {@code models.json}, so the three cannot drift apart. Pure.
 */
public final class EvidenceJson {

    /** The error rate's interval method, as the documents name it. */
    public static final String ERROR_INTERVAL = "Wilson score interval, 95 %";

    private EvidenceJson() {
    }

    /** The evidence of one candidate; null stays null. */
    public static Map<String, Object> of(Evidence e) {
        if (e == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", e.requests());
        m.put("successes", e.successes());
        m.put("error_rate", e.errorRate());
        m.put("error_rate_upper95", e.errorRateUpper());
        m.put("ttft_p90_ms", e.ttftP90Ms());
        m.put("decode_p50_tps", e.decodeP50Tps());
        m.put("decode_p50_ci", e.decodeP50Low() == null ? null : List.of(e.decodeP50Low(), e.decodeP50High()));
        m.put("peak_rss_bytes", e.peakRssBytes());
        m.put("memory", e.peakRssBytes() == null ? "not measured" : "measured");
        m.put("quality", quality(e.quality()));
        m.put("rating", e.rating());
        m.put("ratings", e.ratings());
        m.put("parameter_count", e.parameterCount() > 0 ? e.parameterCount() : null);
        m.put("file_size_bytes", e.fileSizeBytes());
        m.put("quantization", e.quantization());
        return m;
    }

    /** A measured quality estimate: mean score, n, passes, 95 % interval and its method; null when unscored. */
    public static Map<String, Object> quality(QualityEstimate q) {
        if (q == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("score", q.mean());
        m.put("n", q.n());
        m.put("passes", q.passes());
        m.put("ci_low", q.low());
        m.put("ci_high", q.high());
        m.put("interval", QualityEstimate.INTERVAL_METHOD);
        return m;
    }

    /** Every "why not" with its reason code, detail and evidence. */
    public static List<Map<String, Object>> alternatives(Recommendation r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Recommendation.Rejection x : r.rejected()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("model", x.model());
            a.put("reason", x.reason().name().toLowerCase(Locale.ROOT));
            a.put("detail", x.detail());
            a.put("evidence", of(x.evidence()));
            out.add(a);
        }
        return out;
    }

    /** What decided, lower case ("measured_quality", "speed", …). */
    public static String basis(Recommendation r) {
        return r.basis().name().toLowerCase(Locale.ROOT);
    }
}
