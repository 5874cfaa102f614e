package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.hardware.Vendors;
import dev.fleetbench.common.model.GpuInfo;
import java.util.Locale;

/**
 * Turns OSHI's graphics-card fields into {@link GpuInfo}. OSHI writes "unknown" for what it could not read, gives
 * the Windows driver as {@code DriverVersion=31.0.101.5333} (sometimes after other text), and reports an Apple
 * silicon GPU's VRAM as the whole unified memory. Pure.
 */
final class GpuParser {

    private static final String DRIVER_VERSION = "DriverVersion=";

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
        boolean shared = "apple".equals(v) || (totalRamBytes > 0 && vramBytes >= totalRamBytes);
        long vram = vramBytes > 0 && !shared ? vramBytes : 0;
        return new GpuInfo(n, v, vram, driverVersion(versionInfo));
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
