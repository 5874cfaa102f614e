package dev.fleetbench.common.recommend;

import dev.fleetbench.common.stats.SampleStats;
import dev.fleetbench.common.stats.Summary;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * The figures one candidate was judged on, carried by every recommendation and every "why not". Immutable.
 *
 * @param requests        measured requests (ok or failed)
 * @param successes       successful measured requests
 * @param errorRate       failures / requests; 0 when there were none
 * @param errorRateUpper  upper end of the error rate's 95 % Wilson interval; null when there were no requests
 * @param ttftP90Ms       TTFT p90, ms; null when unmeasured
 * @param decodeP50Tps    decode p50, tokens/s; null when unmeasured
 * @param decodeP50Low    lower end of the decode median's 95 % interval; null when too few values
 * @param decodeP50High   upper end of the decode median's 95 % interval; null when too few values
 * @param peakRssBytes    peak memory; null when not measured (the memory rule then says "not measured")
 * @param quality         measured quality in the use case; null when no answer was scored
 * @param rating          mean blind rating (1–5); null when unrated
 * @param ratings         ratings behind {@code rating}
 * @param parameterCount  parameters; 0 when unknown
 * @param fileSizeBytes   model file size; null when unknown
 * @param quantization    quantization ("Q4_K_M", "int4"); null when unknown
 */
public record Evidence(int requests, int successes, double errorRate, Double errorRateUpper, Double ttftP90Ms,
                       Double decodeP50Tps, Double decodeP50Low, Double decodeP50High, Long peakRssBytes,
                       QualityEstimate quality, Double rating, int ratings, long parameterCount, Long fileSizeBytes,
                       String quantization) {

    /** The evidence of a candidate. */
    public static Evidence of(Candidate c) {
        SampleStats s = c.stats();
        Summary d = s.decodeTps();
        return new Evidence(s.requests(), s.requests() - s.failures(), s.errorRate(),
                wilsonUpper(s.requests(), s.failures()), s.ttftMs().p90(), d.p50(), d.medianCiLow(), d.medianCiHigh(),
                c.peakRssBytes(), c.measuredQuality(), c.qualityScore(), c.ratingCount(), c.parameterCount(),
                c.fileSizeBytes(), c.quantization());
    }

    /** Upper end of the 95 % Wilson score interval of failures / requests; null when requests is 0. */
    public static Double wilsonUpper(int requests, int failures) {
        if (requests <= 0) {
            return null;
        }
        return new WilsonScoreInterval().createInterval(requests, failures, 0.95).getUpperBound();
    }

    /**
     * The evidence in one line for people (tables, reports, tooltips): successful requests, errors with their upper
     * bound, measured quality with n and interval, ratings with n, memory.
     */
    public String words() {
        StringBuilder b = new StringBuilder();
        b.append("n=").append(successes);
        if (errorRateUpper != null) {
            b.append(String.format(java.util.Locale.ROOT, ", errors %d/%d (95 %% upper %.1f %%)", requests - successes,
                    requests, 100 * errorRateUpper));
        }
        b.append(quality == null ? ", quality —" : ", " + Ranking.qualityWords(quality));
        b.append(rating == null ? ", ratings —" : String.format(java.util.Locale.ROOT, ", rating %.2f (n=%d)", rating,
                ratings));
        b.append(", peak memory ").append(memoryWords());
        return b.toString();
    }

    /** The peak memory for people: "1.2 GB", or "not measured". */
    public String memoryWords() {
        return peakRssBytes == null ? "not measured" : String.format(java.util.Locale.ROOT, "%.1f GB", peakRssBytes / 1e9);
    }
}
