package dev.fleetbench.worker.hardware;

import java.util.Locale;

/** Normalises processor architecture names ({@code os.arch}, {@code uname -m}) to one spelling per ISA. Pure. */
public final class Architectures {

    static final String X86_64 = "x86_64";
    static final String AARCH64 = "aarch64";

    private Architectures() {
    }

    /** "amd64", "x64", "x86_64" give x86_64; "arm64", "aarch64" give aarch64; others lower-cased; null if blank. */
    public static String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String a = raw.trim().toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64", "x64", "x86-64", "em64t" -> X86_64;
            case "arm64", "aarch64", "armv8", "arm64e" -> AARCH64;
            case "x86", "i386", "i486", "i586", "i686" -> "x86";
            default -> a;
        };
    }

    /**
     * The processor's own architecture when the JVM runs under emulation: an x86_64 JVM on a Snapdragon (Windows
     * Prism) or Apple M machine (Rosetta 2) reports x86_64, but the processor, and the engines that matter on it,
     * are aarch64.
     *
     * @param jvmArch   normalised JVM architecture
     * @param cpuVendor normalised CPU vendor
     */
    static String ofProcessor(String jvmArch, String cpuVendor) {
        if (X86_64.equals(jvmArch) && ("qualcomm".equals(cpuVendor) || "apple".equals(cpuVendor))) {
            return AARCH64;
        }
        return jvmArch;
    }
}
