package dev.fleetbench.common.model;

/**
 * Which device and execution provider really ran a request, next to what was asked for, and whether its decode
 * kept the CPU so busy that a CPU fallback is suspected ({@link CpuFallback}). Immutable.
 *
 * @param deviceAsked            the device of the variant that was asked for; null when unknown
 * @param executionProviderAsked the execution provider of the variant asked for; null when unknown
 * @param deviceRan              the device that ran it as far as the engine can tell; null when unknown
 * @param executionProviderRan   the execution provider that ran it as far as the engine can tell; null when unknown
 * @param source                 how the engine knows what ran ("catalog runtime of the variant confirmed loaded by
 *                               /models/loaded"); null when unknown
 * @param decodeCpuPercent       the engine process's CPU time over wall time × 100 while the request decoded
 *                               (first to last token; 100 = one core busy); null when not measured (no process on
 *                               this machine, or a decode shorter than the sampling allows)
 * @param cpuReferencePercent    the same figure for the CPU variant of the same alias on the same machine, the
 *                               reference the verdict compares with; null when none was measured yet
 * @param suspectedCpuFallback   true when {@link CpuFallback#suspected} says so; false when judged and not
 *                               suspected; null when it could not be judged (CPU variants are never suspected)
 */
public record DeviceTruth(DeviceType deviceAsked, String executionProviderAsked, DeviceType deviceRan,
                          String executionProviderRan, String source, Double decodeCpuPercent,
                          Double cpuReferencePercent, Boolean suspectedCpuFallback) {

    /** The same truth with the decode CPU figure and the verdict it leads to against {@code reference}. */
    public DeviceTruth withDecodeCpu(Double decodeCpu, Double reference) {
        return new DeviceTruth(deviceAsked, executionProviderAsked, deviceRan, executionProviderRan, source, decodeCpu,
                reference, CpuFallback.suspected(deviceRan, decodeCpu, reference));
    }
}
