package dev.fleetbench.common.recommend;

import java.util.List;

/**
 * The answer to "which model should we use here?": the recommended variant (or none) and why each other one lost.
 *
 * @param recommended the winning variant id; null when none meets the service levels
 * @param summary     one line for people
 * @param rejected    every other candidate with the reason it lost, in candidate order
 * @param basis       what separated the recommended model from the next one; NONE when nothing is recommended
 * @param evidence    the figures of the recommended model; null when nothing is recommended
 */
public record Recommendation(String recommended, String summary, List<Rejection> rejected, RankBasis basis,
                             Evidence evidence) {

    public Recommendation {
        rejected = List.copyOf(rejected);
    }

    public Recommendation(String recommended, String summary, List<Rejection> rejected) {
        this(recommended, summary, rejected, RankBasis.NONE, null);
    }

    /**
     * @param model  the variant that lost
     * @param reason a stable reason code
     * @param detail the figures behind it, for people ("TTFT p90 2450 ms > 2000 ms")
     * @param evidence the figures it was judged on; null only where a caller built it without them
     */
    public record Rejection(String model, Reason reason, String detail, Evidence evidence) {

        public Rejection(String model, Reason reason, String detail) {
            this(model, reason, detail, null);
        }

        /** The same rejection without its evidence (for comparing reasons and details alone). */
        public Rejection withoutEvidence() {
            return new Rejection(model, reason, detail, null);
        }
    }

    /**
     * Why an alternative lost; the UI groups by these. LOWER_QUALITY: ranked below on measured quality or ratings;
     * RANKED_LOWER: ranked below on capability or speed alone; INSUFFICIENT_EVIDENCE: too few successful requests,
     * or too few to show the error rate below its limit. SUSPECTED_CPU_FALLBACK: an NPU or GPU variant whose decode
     * kept the CPU as busy as its alias's CPU variant on the same machine ({@code CpuFallback}). TOO_MUCH_ENERGY: its
     * measured joules per answer exceed the campaign's cap.
     */
    public enum Reason {
        NOT_MEASURED, NO_VARIANT, TOO_SLOW, TOO_MANY_ERRORS, DOES_NOT_FIT, FAILED_QUALITY_CHECK, NO_DATA, LOWER_QUALITY,
        INSUFFICIENT_EVIDENCE, RANKED_LOWER, SUSPECTED_CPU_FALLBACK, TOO_MUCH_ENERGY
    }
}
