package dev.fleetbench.common.recommend;

/** What separated the recommended model from the next one, in the order the rule tries them. */
public enum RankBasis {
    /** Only one model met the service levels with enough evidence. */
    ONLY_CANDIDATE,
    /** Mean automatic quality score in the use case (every compared model had enough scored answers). */
    MEASURED_QUALITY,
    /** Mean blind human rating (every compared model had enough ratings). */
    RATINGS,
    /** Parameter count (every compared model had one). */
    PARAMETERS,
    /** File size, compared within one quantization family only. */
    FILE_SIZE,
    /** Decode rate alone: nothing about quality separated them. */
    SPEED,
    /** No model was recommended. */
    NONE
}
