package dev.fleetbench.common.hardware;

import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.NpuInfo;
import dev.fleetbench.common.model.PowerSource;
import java.util.List;
import java.util.Set;

/** The pure function from a {@link HardwareProfile} to its {@link HardwareClass} (metrics.md). */
public final class HardwareClassifier {

    /** Standard RAM sizes in GB that measured totals are rounded to. */
    static final int[] STANDARD_RAM_GB = {2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512};
    private static final Set<String> NPU_VENDORS = Set.of("qualcomm", "intel", "amd");
    private static final List<String> GPU_PREFERENCE = List.of("nvidia", "amd", "intel", "apple", "qualcomm");

    private HardwareClassifier() {
    }

    public static HardwareClass classify(HardwareProfile p) {
        String vendor = p.cpu().vendor() == null ? "unknown" : p.cpu().vendor();
        String family = CpuFamily.of(p.cpu().model());
        int cores = p.cpu().logicalCores();
        int ram = roundRamGb(p.memory().totalBytes());
        String accel = accelerator(p.npus(), p.gpus());
        String os = p.os().family().wire();
        String power = !p.power().hasBattery() ? "mains"
                : p.power().source() == PowerSource.BATTERY ? "battery"
                : p.power().source() == PowerSource.AC ? "ac" : "unknown";
        String key = vendor + "-" + family + "/" + cores + "t/" + ram + "gb/" + accel + "/" + os
                + (power.equals("mains") ? "" : "/" + power);
        return new HardwareClass(key, vendor, family, cores, ram, accel, os, power);
    }

    /**
     * Rounds measured total memory to the nearest standard size on a log scale (a machine sold with 16 GB reports
     * 15.6 GiB; one with 24 GB stays 24). 0 bytes (unknown) gives 0.
     */
    public static int roundRamGb(long totalBytes) {
        if (totalBytes <= 0) {
            return 0;
        }
        double gib = totalBytes / (double) (1L << 30);
        int best = STANDARD_RAM_GB[0];
        double bestDistance = Double.MAX_VALUE;
        for (int size : STANDARD_RAM_GB) {
            double d = Math.abs(Math.log(gib / size));
            if (d < bestDistance) {
                bestDistance = d;
                best = size;
            }
        }
        return best;
    }

    /** An NPU of a known vendor wins; else the most capable GPU vendor present; else none. */
    static String accelerator(List<NpuInfo> npus, List<GpuInfo> gpus) {
        for (NpuInfo n : npus) {
            if (NPU_VENDORS.contains(n.vendor())) {
                return "npu:" + n.vendor();
            }
        }
        for (String vendor : GPU_PREFERENCE) {
            for (GpuInfo g : gpus) {
                if (vendor.equals(g.vendor())) {
                    return "gpu:" + vendor;
                }
            }
        }
        return "none";
    }
}
