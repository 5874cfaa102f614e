package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.NpuInfo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names a Linux NPU from what sysfs shows of it: the kernel driver bound to it and its PCI vendor and device ids
 * (from the {@code vendor}/{@code device} files, "0x8086", or from {@code PCI_ID=8086:7D1D} in {@code uevent}).
 * Pure.
 */
final class PciNpus {

    /** The NPU drivers in mainline Linux, with the product each drives. */
    static final Map<String, String> DRIVERS = Map.of(
            "intel_vpu", "Intel NPU",
            "amdxdna", "AMD XDNA NPU",
            "qaic", "Qualcomm Cloud AI 100");

    private static final Map<String, String> PCI_VENDORS = Map.of(
            "8086", "intel", "1022", "amd", "1002", "amd", "17cb", "qualcomm", "106b", "apple");

    private static final Map<String, String> DRIVER_VENDORS = Map.of(
            "intel_vpu", "intel", "amdxdna", "amd", "qaic", "qualcomm");

    private PciNpus() {
    }

    /**
     * @param driver   the bound driver's name; null if unknown
     * @param vendorId PCI vendor id, with or without "0x"; null if unknown
     * @param deviceId PCI device id, with or without "0x"; null if unknown
     */
    static NpuInfo of(String driver, String vendorId, String deviceId) {
        String vendor = normaliseId(vendorId);
        String device = normaliseId(deviceId);
        String product = driver == null ? null : DRIVERS.get(driver);
        String base = product != null ? product : (driver == null ? "Accelerator" : driver + " accelerator");
        // the ids tell NPU generations apart (Meteor Lake 7d1d, Lunar Lake 643e), which the driver name does not
        String name = vendor != null && device != null ? base + " [" + vendor + ":" + device + "]" : base;
        String npuVendor = vendor != null && PCI_VENDORS.containsKey(vendor) ? PCI_VENDORS.get(vendor)
                : driver != null ? DRIVER_VENDORS.getOrDefault(driver, "unknown") : "unknown";
        return new NpuInfo(name, npuVendor, driver, "sysfs");
    }

    /** The KEY=VALUE lines of a sysfs {@code uevent} file. */
    static Map<String, String> uevent(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return out;
    }

    /** "0x7D1D\n" and "7d1d" both give "7d1d"; blank gives null. */
    static String normaliseId(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String s = id.trim().toLowerCase(Locale.ROOT);
        return s.startsWith("0x") ? s.substring(2) : s;
    }
}
