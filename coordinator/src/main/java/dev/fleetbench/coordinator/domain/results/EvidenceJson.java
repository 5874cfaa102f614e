package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.recommend.Evidence;
import dev.fleetbench.common.recommend.QualityEstimate;
import dev.fleetbench.common.recommend.Recommendation;
import java.util.List;
import java.util.Locale;

/**
 * The JSON shape of the evidence behind a recommendation or a "why not", shared by {@code /api/recommendations},
 * {@code /api/aggregates} (quality) and {@code models.json}, so the three cannot drift apart. Pure.
 */
public final class EvidenceJson {

    /** The error rate's interval method, as the documents name it. */
    public static final String ERROR_INTERVAL = "Wilson score interval, 95 %";

    private EvidenceJson() {
    }

    /**
     * The evidence of one candidate as the documents show it.
     *
     * @param decodeP50Ci    the decode median's 95 % interval [low, high]; null when too few values
     * @param memory         "measured" or "not measured"
     * @param parameterCount null when unknown
     */
    public record EvidenceView(int requests, int successes, double errorRate, Double errorRateUpper95, Double ttftP90Ms,
                               Double decodeP50Tps, List<Double> decodeP50Ci, Long peakRssBytes, String memory,
                               QualityView quality, Double rating, int ratings, Long parameterCount,
                               Long fileSizeBytes, String quantization) {
    }

    /** A measured quality estimate: mean score in [0, 1], n, passes, its 95 % interval and the interval's method. */
    public record QualityView(double score, int n, int passes, double ciLow, double ciHigh, String interval) {
    }

    /** A "why not": the model, its reason code (lower case), the detail and its evidence. */
    public record Alternative(String model, String reason, String detail, EvidenceView evidence) {
    }

    /** The evidence of one candidate; null stays null. */
    public static EvidenceView of(Evidence e) {
        if (e == null) {
            return null;
        }
        return new EvidenceView(e.requests(), e.successes(), e.errorRate(), e.errorRateUpper(), e.ttftP90Ms(),
                e.decodeP50Tps(), e.decodeP50Low() == null ? null : List.of(e.decodeP50Low(), e.decodeP50High()),
                e.peakRssBytes(), e.peakRssBytes() == null ? "not measured" : "measured", quality(e.quality()),
                e.rating(), e.ratings(), e.parameterCount() > 0 ? e.parameterCount() : null, e.fileSizeBytes(),
                e.quantization());
    }

    /** A measured quality estimate; null when unscored. */
    public static QualityView quality(QualityEstimate q) {
        return q == null ? null : new QualityView(q.mean(), q.n(), q.passes(), q.low(), q.high(),
                QualityEstimate.INTERVAL_METHOD);
    }

    /** Every "why not" with its reason code, detail and evidence. */
    public static List<Alternative> alternatives(Recommendation r) {
        return r.rejected().stream().map(x -> new Alternative(x.model(), x.reason().name().toLowerCase(Locale.ROOT),
                x.detail(), of(x.evidence()))).toList();
    }

    /** What decided, lower case ("measured_quality", "speed", …). */
    public static String basis(Recommendation r) {
        return r.basis().name().toLowerCase(Locale.ROOT);
    }
}
