package dev.fleetbench.common.recommend;

import dev.fleetbench.common.stats.SampleStats;

/**
 * One model variant's measured figures, as the recommender weighs them.
 *
 * @param model          variant id
 * @param parameterCount parameters (0 if unknown); the quality proxy when no quality score exists
 * @param qualityScore   quality score from checks and ratings, higher is better; null when unrated
 * @param qualityFailed  true when any quality check on its answers failed
 * @param stats          measured statistics
 * @param peakRssBytes   measured peak memory; null if unknown
 * @param ramBytes       RAM of the machine or class it ran on; 0 if unknown
 * @param failureReason  set when the variant could not be measured at all (failed to load, not found, does not fit)
 * @param unavailable    why it could not be measured, as a reason code: NO_VARIANT, DOES_NOT_FIT or NOT_MEASURED;
 *                       null when it was measured
 * @param measuredQuality automatic quality scores of its answers in this use case; null when none was scored
 * @param ratingCount    blind ratings behind {@code qualityScore} (the mean rating, 1–5); 0 when unrated
 * @param fileSizeBytes  model file size; null when unknown
 * @param quantization   quantization of the file ("Q4_K_M", "int4"); null when unknown
 * @param suspectedCpuFallback true when its measured requests were flagged "suspected CPU fallback" (an NPU or GPU
 *                       variant whose decode kept the CPU as busy as its alias's CPU variant): never recommended for
 *                       that device
 * @param joulesPerAnswer mean joules per answer where an energy counter was read (an estimate); null when not
 *                       measured
 */
public record Candidate(
        String model,
        long parameterCount,
        Double qualityScore,
        boolean qualityFailed,
        SampleStats stats,
        Long peakRssBytes,
        long ramBytes,
        String failureReason,
        Recommendation.Reason unavailable,
        QualityEstimate measuredQuality,
        int ratingCount,
        Long fileSizeBytes,
        String quantization,
        boolean suspectedCpuFallback,
        Double joulesPerAnswer) {

    /** A candidate without an energy figure. */
    public Candidate(String model, long parameterCount, Double qualityScore, boolean qualityFailed, SampleStats stats,
                     Long peakRssBytes, long ramBytes, String failureReason, Recommendation.Reason unavailable,
                     QualityEstimate measuredQuality, int ratingCount, Long fileSizeBytes, String quantization,
                     boolean suspectedCpuFallback) {
        this(model, parameterCount, qualityScore, qualityFailed, stats, peakRssBytes, ramBytes, failureReason,
                unavailable, measuredQuality, ratingCount, fileSizeBytes, quantization, suspectedCpuFallback, null);
    }

    /** A candidate without a CPU-fallback verdict. */
    public Candidate(String model, long parameterCount, Double qualityScore, boolean qualityFailed, SampleStats stats,
                     Long peakRssBytes, long ramBytes, String failureReason, Recommendation.Reason unavailable,
                     QualityEstimate measuredQuality, int ratingCount, Long fileSizeBytes, String quantization) {
        this(model, parameterCount, qualityScore, qualityFailed, stats, peakRssBytes, ramBytes, failureReason,
                unavailable, measuredQuality, ratingCount, fileSizeBytes, quantization, false);
    }

    /** A candidate without measured quality, rating count or file size. */
    public Candidate(String model, long parameterCount, Double qualityScore, boolean qualityFailed, SampleStats stats,
                     Long peakRssBytes, long ramBytes, String failureReason, Recommendation.Reason unavailable) {
        this(model, parameterCount, qualityScore, qualityFailed, stats, peakRssBytes, ramBytes, failureReason,
                unavailable, null, qualityScore == null ? 0 : 1, null, null);
    }

    /** A candidate that was measured, or that failed with a reason but no reason code (NOT_MEASURED). */
    public Candidate(String model, long parameterCount, Double qualityScore, boolean qualityFailed, SampleStats stats,
                     Long peakRssBytes, long ramBytes, String failureReason) {
        this(model, parameterCount, qualityScore, qualityFailed, stats, peakRssBytes, ramBytes, failureReason,
                failureReason == null ? null : Recommendation.Reason.NOT_MEASURED);
    }

    /** The same candidate with its "suspected CPU fallback" verdict. */
    public Candidate withSuspectedCpuFallback(boolean suspected) {
        return new Candidate(model, parameterCount, qualityScore, qualityFailed, stats, peakRssBytes, ramBytes,
                failureReason, unavailable, measuredQuality, ratingCount, fileSizeBytes, quantization, suspected,
                joulesPerAnswer);
    }

    /** The same candidate with its mean joules per answer (null: not measured). */
    public Candidate withJoulesPerAnswer(Double joules) {
        return new Candidate(model, parameterCount, qualityScore, qualityFailed, stats, peakRssBytes, ramBytes,
                failureReason, unavailable, measuredQuality, ratingCount, fileSizeBytes, quantization,
                suspectedCpuFallback, joules);
    }
}
