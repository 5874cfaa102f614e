package dev.fleetbench.common.model;

/**
 * The "suspected CPU fallback" rule: an NPU or GPU variant whose decode keeps the engine's CPU at least
 * {@link #THRESHOLD} (half) as busy as the CPU variant of the same alias on the same machine is suspected of running
 * on the CPU.
 *
 * <p>Why one half: a CPU variant's decode (ONNX Runtime's MLAS, llama.cpp) spreads its matrix work over every
 * physical core, so its reference is several cores busy (≥ 400 % on any 4-core lab PC). An accelerated decode leaves
 * the host only sampling, detokenizing and driver calls: about one core at most, so ≤ 25 % of the reference on
 * four cores and less on more. A full fallback reaches about 100 % of the reference; a partial one (some operators
 * placed on the CPU provider) lands in between. Half sits well clear of both an honest accelerator (a factor of two
 * or more below) and a full fallback (a factor of two above), so scheduling noise of a few tens of percent does not
 * flip the verdict. Pure.
 */
public final class CpuFallback {

    /** Fraction of the CPU variant's decode CPU use at or above which a fallback is suspected. */
    public static final double THRESHOLD = 0.5;

    private CpuFallback() {
    }

    /**
     * @param device      the device the variant runs on
     * @param decodeCpu   the variant's decode CPU use (percent of one core); null when not measured
     * @param cpuVariant  the CPU variant's decode CPU use on the same machine; null when none was measured
     * @return false for a CPU variant; null when either figure is missing or the reference is not positive;
     *         else whether {@code decodeCpu ≥ THRESHOLD × cpuVariant}
     */
    public static Boolean suspected(DeviceType device, Double decodeCpu, Double cpuVariant) {
        if (device == DeviceType.CPU) {
            return false;
        }
        if (device == null || decodeCpu == null || cpuVariant == null || cpuVariant <= 0) {
            return null;
        }
        return decodeCpu >= THRESHOLD * cpuVariant;
    }
}
