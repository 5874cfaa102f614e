package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.hardware.Vendors;
import dev.fleetbench.common.model.GpuInfo;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns OSHI's graphics-card fields into {@link GpuInfo}. OSHI writes "unknown" for what it could not read, gives
 * the Windows driver as {@code DriverVersion=31.0.101.5333} (sometimes after other text), and reports an Apple
 * silicon GPU's VRAM as the whole unified memory. On Windows it also gives integrated GPUs a VRAM figure (the
 * firmware's carve-out or the driver's AdapterRAM: 128 MiB to 2 GiB on Intel UHD, Iris Xe, Arc and AMD Radeon
 * 7x0M/8x0M graphics); that memory is main memory, so an integrated GPU has 0 dedicated VRAM whatever the OS says.
 * Pure.
 */
final class GpuParser {

    private static final String DRIVER_VERSION = "DriverVersion=";
    /** Intel's discrete cards: Arc A/B series (A380, A770, B580, Arc Pro A60), Iris Xe MAX, data-centre GPUs. */
    private static final Pattern INTEL_DISCRETE = Pattern.compile(
            "(?i).*(arc(\\(tm\\))?\\s+(pro\\s+)?[ab]\\d{2,3}|iris(\\(r\\))?\\s+xe\\s+max|data center gpu).*");
    /** AMD's discrete cards; its integrated ones are "Radeon(TM) Graphics", "Radeon 780M", "Vega 8 Graphics". */
    private static final Pattern AMD_DISCRETE = Pattern.compile(
            "(?i).*(radeon\\s*(\\(tm\\))?\\s*(rx|pro|vii)|firepro|instinct).*");

    private GpuParser() {
    }

    /**
     * @param name          OSHI name
     * @param vendor        OSHI vendor ("Intel Corporation", "NVIDIA Corporation (0x10de)")
     * @param vramBytes     OSHI VRAM in bytes
     * @param versionInfo   OSHI version text
     * @param totalRamBytes main memory, to recognise shared memory reported as VRAM; 0 if unknown
     */
    static GpuInfo of(String name, String vendor, long vramBytes, String versionInfo, long totalRamBytes) {
        String n = known(name);
        String v = Vendors.acceleratorVendor(known(vendor), n);
        // unified memory is not dedicated VRAM, and GpuInfo says 0 for shared
        boolean shared = integrated(v, n) || (totalRamBytes > 0 && vramBytes >= totalRamBytes);
        long vram = vramBytes > 0 && !shared ? vramBytes : 0;
        return new GpuInfo(n, v, vram, driverVersion(versionInfo));
    }

    /** Whether a GPU of this normalised vendor and name shares main memory (by the vendors' naming of their parts). */
    static boolean integrated(String vendor, String name) {
        if ("apple".equals(vendor) || "qualcomm".equals(vendor)) {
            return true;
        }
        if (name == null) {
            return false;
        }
        if ("intel".equals(vendor)) {
            return !INTEL_DISCRETE.matcher(name).matches();
        }
        if ("amd".equals(vendor)) {
            String lower = name.toLowerCase(Locale.ROOT);
            return !AMD_DISCRETE.matcher(name).matches() && (lower.contains("graphics") || lower.contains("vega")
                    || lower.matches(".*radeon(\\(tm\\))?\\s+\\d{3,4}m.*"));
        }
        return false;
    }

    /** The driver version in OSHI's version text: the value of DriverVersion= if present, else the whole text. */
    static String driverVersion(String versionInfo) {
        String t = known(versionInfo);
        if (t == null) {
            return null;
        }
        int at = t.indexOf(DRIVER_VERSION);
        if (at >= 0) {
            String rest = t.substring(at + DRIVER_VERSION.length()).trim();
            int end = rest.indexOf(' ');
            rest = end < 0 ? rest : rest.substring(0, end);
            return rest.isEmpty() ? null : rest;
        }
        return t;
    }

    private static String known(String s) {
        if (s == null || s.isBlank() || "unknown".equals(s.trim().toLowerCase(Locale.ROOT))) {
            return null;
        }
        return s.trim();
    }
}
