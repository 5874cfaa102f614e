package dev.fleetbench.common.hardware;

import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.NpuInfo;
import dev.fleetbench.common.model.PowerSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The pure function from a {@link HardwareProfile} (and the power source of a sample) to its {@link HardwareClass}
 * (metrics.md "Hardware class"). The key reads
 * {@code <cpu vendor>-<cpu family>/<logical cores>t/<ram>gb/<accelerators>/<os>[/<power>]}, for example
 * {@code intel-core-ultra-7-1xx/22t/32gb/gpu:nvidia-8gb+npu:intel/windows/ac}.
 */
public final class HardwareClassifier {

    /**
     * Standard RAM sizes in GB that measured totals are rounded up to. 8/12/16/24/32/48/64/96/128 are the sizes PCs are
     * sold with, 18 and 36 Apple's; the rest keep small boards and servers apart.
     */
    static final int[] STANDARD_RAM_GB = {2, 4, 8, 12, 16, 18, 24, 32, 36, 48, 64, 96, 128, 192, 256, 384, 512, 768,
        1024};
    /** What a reading may exceed a standard size by and still be that size (rounding of the OS's own figures). */
    private static final double RAM_SLACK_GIB = 0.25;
    private static final Set<String> NPU_VENDORS = Set.of("qualcomm", "intel", "amd");
    private static final List<String> GPU_PREFERENCE = List.of("nvidia", "amd", "intel", "apple", "qualcomm");

    private HardwareClassifier() {
    }

    /** The class of a machine with the power source its profile was probed with. */
    public static HardwareClass classify(HardwareProfile p) {
        return classify(p, p.power().source());
    }

    /**
     * The class of a machine running on {@code power} (a sample's own power source; a laptop on battery is another
     * class than the same laptop on AC). Machines without a battery are "mains" whatever {@code power} says.
     */
    public static HardwareClass classify(HardwareProfile p, PowerSource power) {
        String vendor = p.cpu().vendor() == null ? "unknown" : p.cpu().vendor();
        String family = CpuFamily.of(p.cpu().model());
        int cores = p.cpu().logicalCores();
        int ram = roundRamGb(p.memory().totalBytes());
        String accel = accelerator(p.npus(), p.gpus());
        String os = p.os().family().wire();
        String powerPart = powerPart(p.power().hasBattery(), power);
        String key = vendor + "-" + family + "/" + cores + "t/" + ram + "gb/" + accel + "/" + os
                + (powerPart.equals("mains") ? "" : "/" + powerPart);
        return new HardwareClass(key, vendor, family, cores, ram, accel, os, powerPart);
    }

    /** The power part of a class: "mains" without a battery, else "ac", "battery" or "unknown". */
    public static String powerPart(boolean hasBattery, PowerSource power) {
        return !hasBattery ? "mains"
                : power == PowerSource.BATTERY ? "battery"
                : power == PowerSource.AC ? "ac" : "unknown";
    }

    /**
     * Rounds measured total memory up to the smallest standard size that holds it: the OS reports less than is
     * installed (firmware and an integrated GPU take their share), never more, so a 16 GB laptop showing 13.8 GiB is
     * 16 GB although 12 is nearer. 0 bytes (unknown) gives 0.
     */
    public static int roundRamGb(long totalBytes) {
        if (totalBytes <= 0) {
            return 0;
        }
        double gib = totalBytes / (double) (1L << 30);
        for (int size : STANDARD_RAM_GB) {
            if (gib <= size + RAM_SLACK_GIB) {
                return size;
            }
        }
        return (int) Math.ceil(gib / 256) * 256;
    }

    /**
     * The accelerators of a machine, "+"-joined: the best discrete GPU ({@code gpu:<vendor>-<vram tier>}, see
     * {@link Gpus#vramTier}), then an NPU of a known vendor ({@code npu:<vendor>}); an NPU never hides a discrete GPU.
     * With neither, the integrated GPU ({@code igpu:<vendor>}); with nothing, {@code none}.
     */
    static String accelerator(List<NpuInfo> npus, List<GpuInfo> gpus) {
        List<String> parts = new ArrayList<>();
        gpus.stream().filter(g -> !Gpus.integrated(g)).min(Comparator.comparingInt(HardwareClassifier::preference)
                        .thenComparing(Comparator.comparingLong(GpuInfo::vramBytes).reversed()))
                .ifPresent(g -> {
                    String tier = Gpus.vramTier(g.vramBytes());
                    parts.add("gpu:" + vendorOf(g) + (tier == null ? "" : "-" + tier));
                });
        npus.stream().map(NpuInfo::vendor).filter(NPU_VENDORS::contains).findFirst().ifPresent(v -> parts.add("npu:" + v));
        if (parts.isEmpty()) {
            gpus.stream().filter(Gpus::integrated).min(Comparator.comparingInt(HardwareClassifier::preference))
                    .ifPresent(g -> parts.add("igpu:" + vendorOf(g)));
        }
        return parts.isEmpty() ? "none" : String.join("+", parts);
    }

    private static int preference(GpuInfo g) {
        int i = GPU_PREFERENCE.indexOf(vendorOf(g));
        return i < 0 ? GPU_PREFERENCE.size() : i;
    }

    private static String vendorOf(GpuInfo g) {
        return g.vendor() == null || g.vendor().isBlank() ? Vendors.acceleratorVendor(null, g.name()) : g.vendor();
    }
}
