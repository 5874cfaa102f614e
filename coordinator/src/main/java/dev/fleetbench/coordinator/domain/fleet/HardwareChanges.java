package dev.fleetbench.coordinator.domain.fleet;

import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.NpuInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What changed between the hardware an admin approved and the hardware a worker reports now, in words for the Fleet
 * page ("RAM: 16 GB → 32 GB"). Only the parts that make results comparable are compared (those of
 * {@link HardwareProfile#profileHash()}): a host name or a power reading is no change. Pure.
 */
public final class HardwareChanges {

    private HardwareChanges() {
    }

    /** The changes, one line per part (CPU, RAM, GPUs, NPUs, OS); empty when the machine is the same. */
    public static List<String> between(HardwareProfile before, HardwareProfile after) {
        if (before == null || after == null || before.profileHash().equals(after.profileHash())) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        add(out, "CPU", cpu(before), cpu(after));
        add(out, "RAM", gb(before.memory().totalBytes()), gb(after.memory().totalBytes()));
        add(out, "GPUs", gpus(before.gpus()), gpus(after.gpus()));
        add(out, "NPUs", npus(before.npus()), npus(after.npus()));
        add(out, "OS", os(before), os(after));
        if (out.isEmpty()) {
            // The hash covers details the words above round away (a few MB of RAM, a driver build): still say so.
            out.add("hardware profile: " + before.profileHash() + " → " + after.profileHash());
        }
        return List.copyOf(out);
    }

    private static void add(List<String> out, String part, String before, String after) {
        if (!Objects.equals(before, after)) {
            out.add(part + ": " + before + " → " + after);
        }
    }

    private static String cpu(HardwareProfile p) {
        return p.cpu().model() + " (" + p.cpu().architecture() + ", " + p.cpu().physicalCores() + " cores / "
                + p.cpu().logicalCores() + " threads)";
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    private static String gpus(List<GpuInfo> gpus) {
        if (gpus.isEmpty()) {
            return "none";
        }
        return String.join(", ", gpus.stream().map(g -> g.name() + (g.vramBytes() > 0 ? " " + gb(g.vramBytes()) : "")
                + (g.driverVersion() == null ? "" : " driver " + g.driverVersion())).toList());
    }

    private static String npus(List<NpuInfo> npus) {
        if (npus.isEmpty()) {
            return "none";
        }
        return String.join(", ", npus.stream().map(n -> n.name() + (n.driver() == null ? "" : " driver " + n.driver()))
                .toList());
    }

    private static String os(HardwareProfile p) {
        return p.os().family() + " " + p.os().name() + " " + p.os().version() + " (" + p.os().build() + ")";
    }
}
