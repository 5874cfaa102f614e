package dev.fleetbench.common.recommend;

import java.util.List;

/**
 * The answer to "which model should we use here?": the recommended variant (or none) and why each other one lost.
 *
 * @param recommended the winning variant id; null when none meets the service levels
 * @param summary     one line for people
 * @param rejected    every other candidate with the reason it lost, in candidate order
 */
public record Recommendation(String recommended, String summary, List<Rejection> rejected) {

    public Recommendation {
        rejected = List.copyOf(rejected);
    }

    /**
     * @param model  the variant that lost
     * @param reason a stable reason code
     * @param detail the figures behind it, for people ("TTFT p90 2450 ms > 2000 ms")
     */
    public record Rejection(String model, Reason reason, String detail) {
    }

    /** Why an alternative lost; the UI groups by these. */
    public enum Reason {
        NOT_MEASURED, NO_VARIANT, TOO_SLOW, TOO_MANY_ERRORS, DOES_NOT_FIT, FAILED_QUALITY_CHECK, NO_DATA, LOWER_QUALITY
    }
}
