package dev.fleetbench.worker.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Picks the RAPL zones that count a request's energy from what {@code /sys/class/powercap} lists. Kept: every
 * {@code intel-rapl:N} zone named {@code package-N} (one per socket) and every subzone named {@code dram}. Left out:
 * {@code core} and {@code uncore} (inside the package already), {@code psys} (the whole platform, overlapping the
 * package) and the {@code intel-rapl-mmio} twins of the package zone (the same energy through another interface).
 * Pure.
 */
public final class RaplZones {

    private RaplZones() {
    }

    /**
     * One counted zone.
     *
     * @param zone       the directory name ("intel-rapl:0:0")
     * @param name       the zone's name ("package-0", "dram")
     * @param maxRangeUj the counter's range: it wraps to 0 past this many microjoules
     */
    public record Zone(String zone, String name, long maxRangeUj) {
    }

    /**
     * @param attributes zone directory name → attribute name → trimmed value ({@code name}, {@code max_energy_range_uj})
     * @param problems   receives why a listed zone could not be used
     * @return the counted zones in directory order
     */
    public static List<Zone> select(Map<String, Map<String, String>> attributes, List<String> problems) {
        List<Zone> out = new ArrayList<>();
        attributes.forEach((dir, attrs) -> {
            if (!dir.startsWith("intel-rapl:")) {
                return;
            }
            String name = attrs.get("name");
            if (name == null || !(name.startsWith("package-") || name.equals("dram"))) {
                return;
            }
            Long range = parseLong(attrs.get("max_energy_range_uj"));
            if (range == null || range <= 0) {
                problems.add(dir + " (" + name + "): max_energy_range_uj is not a positive number: "
                        + attrs.get("max_energy_range_uj"));
                return;
            }
            out.add(new Zone(dir, name, range));
        });
        return out;
    }

    /**
     * Microjoules between two readings of a counter that wraps to 0 past {@code maxRangeUj}: a later value below the
     * earlier one means the counter went round once (RAPL wraps within minutes only on big servers; a request spans far
     * less than one wrap).
     */
    public static long deltaMicrojoules(long before, long after, long maxRangeUj) {
        if (before < 0 || after < 0 || before > maxRangeUj || after > maxRangeUj) {
            throw new IllegalArgumentException("counter readings " + before + " and " + after
                    + " must lie within 0.." + maxRangeUj);
        }
        return after >= before ? after - before : maxRangeUj - before + after;
    }

    /** The counter text as a number, or null when it is not one. */
    public static Long parseLong(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
