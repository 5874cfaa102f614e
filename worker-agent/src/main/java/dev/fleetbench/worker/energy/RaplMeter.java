package dev.fleetbench.worker.energy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Linux RAPL through the powercap sysfs ({@code /sys/class/powercap/intel-rapl:*}): the package domain of every socket
 * and the DRAM domains where the CPU has them ({@link RaplZones}), summed. Each zone's {@code energy_uj} is a
 * cumulative counter in microjoules that wraps at {@code max_energy_range_uj}. Since Linux 5.10 the counters are
 * readable by root only (a side channel on their fine resolution): an agent that is not allowed to read them has no
 * RAPL meter, and {@link #open} says why. The package counts every core, so the figure is an estimate of the engine's
 * energy. Thread-safe (no state but the zones).
 */
public final class RaplMeter implements EnergyMeter {

    private final Path powercap;
    private final List<RaplZones.Zone> zones;

    private RaplMeter(Path powercap, List<RaplZones.Zone> zones) {
        this.powercap = powercap;
        this.zones = List.copyOf(zones);
    }

    /** The outcome of looking for RAPL: a meter, or the reason there is none. */
    public record Opened(RaplMeter meter, String reason) {
    }

    /**
     * Looks for RAPL below {@code root} (the directory that stands for {@code /}: the machine, or a captured fixture).
     */
    public static Opened open(Path root) {
        Path powercap = root.resolve("sys/class/powercap");
        if (!Files.isDirectory(powercap)) {
            return new Opened(null, "no /sys/class/powercap on this machine");
        }
        Map<String, Map<String, String>> attrs = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(powercap)) {
            for (Path zone : s.sorted().toList()) {
                Map<String, String> a = new LinkedHashMap<>();
                for (String name : List.of("name", "max_energy_range_uj")) {
                    String v = read(zone.resolve(name));
                    if (v != null) {
                        a.put(name, v.trim());
                    }
                }
                attrs.put(zone.getFileName().toString(), a);
            }
        } catch (IOException | RuntimeException e) {
            return new Opened(null, "/sys/class/powercap cannot be listed: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        List<RaplZones.Zone> zones = RaplZones.select(attrs, problems);
        if (zones.isEmpty()) {
            return new Opened(null, "no RAPL package zone in /sys/class/powercap"
                    + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)));
        }
        RaplMeter meter = new RaplMeter(powercap, zones);
        if (meter.read(0) == null) {
            return new Opened(null, "RAPL energy_uj is not readable by this user (Linux 5.10 and later let only root"
                    + " read it)");
        }
        return new Opened(meter, null);
    }

    @Override
    public String source() {
        return "rapl";
    }

    @Override
    public String domains() {
        return zones.stream().map(RaplZones.Zone::name).distinct().collect(Collectors.joining("+"));
    }

    @Override
    public boolean estimate() {
        return true;
    }

    @Override
    public Reading read(long atNanos) {
        double[] values = new double[zones.size()];
        for (int i = 0; i < zones.size(); i++) {
            Long v = RaplZones.parseLong(read(powercap.resolve(zones.get(i).zone()).resolve("energy_uj")));
            if (v == null) {
                return null;
            }
            values[i] = v;
        }
        return new Reading(atNanos, values);
    }

    @Override
    public Double joules(Reading from, Reading to) {
        if (from == null || to == null || from.values().length != zones.size() || to.values().length != zones.size()) {
            return null;
        }
        long micro = 0;
        for (int i = 0; i < zones.size(); i++) {
            long before = (long) from.values()[i];
            long after = (long) to.values()[i];
            long range = zones.get(i).maxRangeUj();
            if (before > range || after > range) {
                return null;
            }
            micro += RaplZones.deltaMicrojoules(before, after, range);
        }
        return micro / 1e6;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
