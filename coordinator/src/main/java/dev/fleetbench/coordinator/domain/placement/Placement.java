package dev.fleetbench.coordinator.domain.placement;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.coordinator.domain.campaign.MachineSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which machine may run which model, and why not (architecture.md "placement"). A model runs on a machine when the
 * selector picks the machine, its engine offers a variant for one of the machine's devices (the first in the
 * engine's best-first order), and that variant fits in memory. Pure.
 */
public final class Placement {

    /** Memory a model needs beyond its file: weights are mapped, plus KV cache and runtime buffers. */
    public static final double MEMORY_OVERHEAD = 1.2;
    public static final long FIXED_OVERHEAD_BYTES = 256L * 1024 * 1024;

    private Placement() {
    }

    /** True when every condition of the selector holds for the machine. */
    public static boolean selects(MachineSelector s, MachineView m) {
        for (Map.Entry<String, String> e : s.labels().entrySet()) {
            if (!e.getValue().equals(m.labels().get(e.getKey()))) {
                return false;
            }
        }
        if (!s.hardwareClasses().isEmpty()) {
            String key = m.hardwareClass().key();
            if (s.hardwareClasses().stream().noneMatch(p -> glob(p).matcher(key).matches())) {
                return false;
            }
        }
        if (s.minRamGb() > 0 && m.hardwareClass().ramGb() < s.minRamGb()) {
            return false;
        }
        if (!s.devices().isEmpty() && s.devices().stream().noneMatch(m.devices()::contains)) {
            return false;
        }
        return s.workers().isEmpty() || s.workers().contains(m.workerId());
    }

    /**
     * Decides where one model runs on one (selected) machine.
     *
     * @param model   what the campaign names: a variant id or an alias
     * @param devices devices the campaign asks for; empty = any of the machine's
     */
    public static PlacementDecision decide(String model, Set<DeviceType> devices, MachineView m) {
        Set<DeviceType> usable = devices.isEmpty() ? m.devices()
                : devices.stream().filter(m.devices()::contains).collect(Collectors.toSet());
        List<ModelVariant> named = named(model, m);
        if (named.isEmpty()) {
            return PlacementDecision.doesNotFit("'" + model + "' is not in this worker's catalog");
        }
        ModelVariant chosen = named.stream().filter(v -> usable.contains(v.deviceType())).findFirst().orElse(null);
        if (chosen == null) {
            return PlacementDecision.doesNotFit("no variant of '" + model + "' for this machine's devices ("
                    + names(usable) + "); the catalog has " + names(named.stream().map(ModelVariant::deviceType)
                    .collect(Collectors.toSet())));
        }
        return fits(chosen, m);
    }

    /**
     * Decides whether the {@code device} variant of one model runs on one (selected) machine, for a campaign that
     * asks for every device variant of its models ({@code devices: [npu, gpu, cpu]}): the first variant of that device
     * in catalog order, when the machine has the device and the variant fits.
     */
    public static PlacementDecision decideOn(String model, DeviceType device, MachineView m) {
        if (!m.devices().contains(device)) {
            return PlacementDecision.doesNotFit("this machine has no " + device + " (it has " + names(m.devices())
                    + ")");
        }
        List<ModelVariant> named = named(model, m);
        if (named.isEmpty()) {
            return PlacementDecision.doesNotFit("'" + model + "' is not in this worker's catalog");
        }
        ModelVariant chosen = named.stream().filter(v -> v.deviceType() == device).findFirst().orElse(null);
        if (chosen == null) {
            return PlacementDecision.doesNotFit("this worker's catalog has no " + device + " variant of '" + model
                    + "' (it has " + names(named.stream().map(ModelVariant::deviceType).collect(Collectors.toSet()))
                    + ")");
        }
        return fits(chosen, m);
    }

    /** The variants a campaign's name means on this machine: the exact id first, then the alias's in catalog order. */
    private static List<ModelVariant> named(String model, MachineView m) {
        String wanted = model.toLowerCase(Locale.ROOT);
        List<ModelVariant> named = new ArrayList<>();
        for (ModelVariant v : m.catalog()) {
            if (v.id().toLowerCase(Locale.ROOT).equals(wanted)) {
                named.add(0, v);
            } else if (v.alias().toLowerCase(Locale.ROOT).equals(wanted)) {
                named.add(v);
            }
        }
        return named;
    }

    private static PlacementDecision fits(ModelVariant chosen, MachineView m) {
        long needed = required(chosen);
        long available = available(m);
        if (needed > 0 && available > 0 && needed > available) {
            return PlacementDecision.doesNotFit(String.format(Locale.ROOT,
                    "%s needs about %.1f GB (%.1f GB file × %.1f + %.2f GB), %.1f GB available", chosen.id(),
                    needed / 1e9, chosen.fileSizeBytes() / 1e9, MEMORY_OVERHEAD, FIXED_OVERHEAD_BYTES / 1e9,
                    available / 1e9));
        }
        return PlacementDecision.run(chosen);
    }

    /** Estimated memory the variant needs; 0 when its size is unknown. */
    public static long required(ModelVariant v) {
        return v.fileSizeBytes() <= 0 ? 0 : (long) (v.fileSizeBytes() * MEMORY_OVERHEAD) + FIXED_OVERHEAD_BYTES;
    }

    /** Memory available for a model: what the probe saw free, else 80 % of the total; 0 when unknown. */
    static long available(MachineView m) {
        long avail = m.hardware().memory().availableBytes();
        return avail > 0 ? avail : (long) (m.hardware().memory().totalBytes() * 0.8);
    }

    private static String names(Set<DeviceType> devices) {
        return devices.stream().sorted().map(Enum::name).collect(Collectors.joining(", "));
    }

    /** A hardware-class pattern with {@code *} wildcards as a regex; everything else literal. */
    static Pattern glob(String pattern) {
        return Pattern.compile(String.join(".*", Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).toList()));
    }
}
