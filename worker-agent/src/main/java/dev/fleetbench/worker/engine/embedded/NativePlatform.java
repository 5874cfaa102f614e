package dev.fleetbench.worker.engine.embedded;

import dev.fleetbench.common.model.OsFamily;
import java.util.List;
import java.util.Locale;

/**
 * An OS and JVM architecture as the de.kherud:llama binding sees them, and whether its jar ships a native library
 * for them. Release 4.1.0 ships Windows x86_64 and x86, Linux x86_64 and aarch64, macOS x86_64 and aarch64: there is
 * none for Windows on ARM, where only an x64 JVM under emulation can load the x86_64 library. Pure apart from
 * {@link #current()} and the class-path lookup in {@link #shipped()}.
 *
 * @param os   the OS family
 * @param arch the JVM architecture, normalised ("x86_64", "aarch64", "x86", or the raw lower-case name)
 */
record NativePlatform(OsFamily os, String arch) {

    /** The JVM this code runs in. */
    static NativePlatform current() {
        return of(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** From {@code os.name} and {@code os.arch} spellings ("Windows 11", "amd64"). */
    static NativePlatform of(String osName, String osArch) {
        String a = osArch == null ? "" : osArch.trim().toLowerCase(Locale.ROOT);
        String arch = switch (a) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            case "x86", "i386", "i486", "i586", "i686" -> "x86";
            default -> a;
        };
        return new NativePlatform(OsFamily.parse(osName), arch);
    }

    /** The folder of the binding's jar that holds this platform's library ("Windows/x86_64"). */
    String folder() {
        return switch (os) {
            case WINDOWS -> "Windows";
            case MACOS -> "Mac";
            case LINUX -> "Linux";
            default -> "Other";
        } + "/" + arch;
    }

    /** The library's file name on this OS. */
    String libraryName() {
        return switch (os) {
            case WINDOWS -> "jllama.dll";
            case MACOS -> "libjllama.dylib";
            default -> "libjllama.so";
        };
    }

    /** Whether the binding's jar holds a library for this platform. */
    boolean shipped() {
        return NativePlatform.class.getResource("/de/kherud/llama/" + folder() + "/" + libraryName()) != null;
    }

    /**
     * True on Apple silicon, whose library the binding builds with Metal: the embedded engine offers a Metal variant
     * of every model there, beside the CPU one.
     */
    boolean metal() {
        return os == OsFamily.MACOS && "aarch64".equals(arch);
    }

    /** "Windows aarch64". */
    String describe() {
        return switch (os) {
            case WINDOWS -> "Windows";
            case MACOS -> "macOS";
            case LINUX -> "Linux";
            default -> String.valueOf(os);
        } + " " + arch;
    }

    /**
     * The ISA features the binding's library for this platform is compiled for, which {@link #missing} can check.
     * The x86_64 builds use AVX2, FMA and F16C throughout (llama.cpp built without runtime CPU dispatch); Windows'
     * {@code IsProcessorFeaturePresent} has no flag for FMA or F16C, so there AVX2 stands for them (every processor
     * with AVX2 has both).
     */
    List<String> requiredFeatures() {
        if (!"x86_64".equals(arch)) {
            return List.of();
        }
        return os == OsFamily.WINDOWS ? List.of("avx", "avx2") : List.of("avx", "avx2", "fma", "f16c");
    }

    /**
     * The required features the probed list lacks; empty when all are there or when nothing was visible at all
     * (an empty list means "unknown", not "absent").
     */
    List<String> missing(List<String> probedFeatures) {
        if (probedFeatures == null || probedFeatures.isEmpty()) {
            return List.of();
        }
        return requiredFeatures().stream().filter(f -> !probedFeatures.contains(f)).toList();
    }
}
