package dev.fleetbench.common.hardware;

import dev.fleetbench.common.model.GpuInfo;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Integrated or discrete, and the VRAM tier of a discrete GPU (metrics.md "Hardware class"). Decided from the adapter's
 * name and vendor, because the dedicated memory the OS reports does not tell them apart: Windows gives an AMD iGPU a
 * 2 GiB "dedicated" carve-out and an Intel iGPU 128 MiB, and OSHI reports an Apple GPU's unified memory. Written by
 * hand because no library classifies marketing names. Pure.
 */
public final class Gpus {

    /** Lower bounds of the VRAM tiers, in GB: below 8, 8–12, 12–16, 16–24, 24–32, 32 and more. */
    static final int[] VRAM_TIERS_GB = {8, 12, 16, 24, 32};
    /** Slack under a tier's bound: an "8 GB" card reports 8 188 MiB (7.996 GiB) through nvidia-smi. */
    private static final double TIER_SLACK_GIB = 0.5;

    /** Intel's discrete cards: Arc A380…A770, B570/B580, Arc Pro A-series, Iris Xe MAX; not "Arc Graphics", "Arc 140V". */
    private static final Pattern INTEL_DISCRETE = Pattern.compile(
            "arc\\s*(?:\\(tm\\))?\\s*(?:pro\\s*)?[ab]\\d{2,3}\\b|iris.*xe\\s*max|data center gpu");
    /** AMD's discrete cards: Radeon RX / Pro W / Instinct / VII / R9-R7 desktop cards; never the "780M"-style iGPUs. */
    private static final Pattern AMD_DISCRETE = Pattern.compile(
            "\\brx\\s*\\d{3,4}|radeon\\s*(?:\\(tm\\))?\\s*pro\\s*w|instinct|radeon\\s*vii|\\br[79]\\s+\\d{3}");

    private Gpus() {
    }

    /**
     * Whether an adapter shares main memory with the CPU: Apple and Qualcomm (Adreno) GPUs always; Intel's except Arc
     * A/B-series cards; AMD's except Radeon RX / Pro W / Instinct cards; NVIDIA's never; an unknown vendor's when it
     * reports no dedicated memory.
     */
    public static boolean integrated(GpuInfo g) {
        String name = g.name() == null ? "" : g.name().toLowerCase(Locale.ROOT);
        String vendor = g.vendor() == null ? Vendors.acceleratorVendor(null, g.name()) : g.vendor();
        return switch (vendor) {
            case "nvidia" -> false;
            case "apple", "qualcomm" -> true;
            case "intel" -> !INTEL_DISCRETE.matcher(name).find();
            case "amd" -> !AMD_DISCRETE.matcher(name).find();
            default -> g.vramBytes() <= 0;
        };
    }

    /**
     * The coarse VRAM tier of a discrete GPU as text for the class key: {@code lt8gb}, {@code 8gb}, {@code 12gb},
     * {@code 16gb}, {@code 24gb} or {@code 32gb} (each the tier's lower bound; 32gb means 32 GB or more); null when the
     * VRAM is unknown (0 bytes).
     */
    public static String vramTier(long vramBytes) {
        if (vramBytes <= 0) {
            return null;
        }
        double gib = vramBytes / (double) (1L << 30);
        String tier = "lt8gb";
        for (int bound : VRAM_TIERS_GB) {
            if (gib >= bound - TIER_SLACK_GIB) {
                tier = bound + "gb";
            }
        }
        return tier;
    }
}
