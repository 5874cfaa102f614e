package dev.fleetbench.worker.energy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The channels of Windows' Energy Meter Interface as the "Energy Meter" performance counter set shows them (one
 * instance per EMI channel, its {@code Energy} counter the channel's cumulative energy in picowatt-hours, the unit of
 * EMI's {@code AbsoluteEnergy}), which of them to add up, and the parser of {@code typeperf} output that captures them
 * as text. On processors whose power driver exposes RAPL through EMI the channels are named
 * {@code RAPL_Package<n>_PKG}, {@code _PP0}, {@code _PP1}, {@code _DRAM} and {@code RAPL_Package<n>_Core<m>_CORE}: the
 * package channels and the DRAM channels are added; cores and power planes are inside the package and are not. Channels
 * of other meters are not added, as nothing says whether they overlap. Pure.
 */
public final class EmiChannels {

    /** Joules in one picowatt-hour: 10⁻¹² W × 3600 s. */
    public static final double JOULES_PER_PICOWATT_HOUR = 3.6e-9;

    private static final Pattern PACKAGE = Pattern.compile("(?i)RAPL_Package\\d+_PKG");
    private static final Pattern DRAM = Pattern.compile("(?i)RAPL_Package\\d+_DRAM");
    /** {@code \\HOST\Energy Meter(INSTANCE)\Energy} in a typeperf header. */
    private static final Pattern COUNTER = Pattern.compile("(?i)\\\\Energy Meter\\((.+)\\)\\\\Energy$");

    /**
     * One channel's counter now.
     *
     * @param name           the channel (the counter instance, e.g. "RAPL_Package0_PKG")
     * @param picowattHours  its cumulative energy, pWh
     */
    public record Channel(String name, long picowattHours) {
    }

    private EmiChannels() {
    }

    /**
     * The channels to add up: every package channel and every DRAM channel, in the order given; empty when there is
     * no package channel, with the reason in {@code problems}.
     */
    public static List<String> select(List<String> names, List<String> problems) {
        List<String> out = new ArrayList<>();
        boolean anyPackage = false;
        for (String n : names) {
            if (PACKAGE.matcher(n).matches()) {
                anyPackage = true;
                out.add(n);
            } else if (DRAM.matcher(n).matches()) {
                out.add(n);
            }
        }
        if (!anyPackage) {
            problems.add(names.isEmpty() ? "the Energy Meter counter set has no channel"
                    : "no RAPL package channel among the Energy Meter channels " + String.join(", ", names)
                    + " (channels of other meters may overlap, so none is added)");
            return List.of();
        }
        return List.copyOf(out);
    }

    /**
     * The {@code Energy} counters of the last sample of {@code typeperf "\Energy Meter(*)\Energy" -sc 1} output (PDH
     * CSV: a header of counter paths, then one row per sample, the first column the time). Columns of other counters,
     * and values that are empty or not numbers (a channel that vanished), are left out.
     *
     * @throws IllegalArgumentException when the text is not typeperf CSV, naming what is missing
     */
    public static List<Channel> parseTypeperf(String csv) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            if (!line.isBlank() && line.startsWith("\"")) {
                rows.add(fields(line));
            }
        }
        if (rows.isEmpty() || !rows.get(0).get(0).startsWith("(PDH-CSV")) {
            throw new IllegalArgumentException("not typeperf CSV output: no \"(PDH-CSV ...)\" header row");
        }
        if (rows.size() < 2) {
            throw new IllegalArgumentException("typeperf CSV output has a header but no sample row");
        }
        List<String> header = rows.get(0);
        List<String> last = rows.get(rows.size() - 1);
        List<Channel> out = new ArrayList<>();
        for (int i = 1; i < header.size() && i < last.size(); i++) {
            Matcher m = COUNTER.matcher(header.get(i).trim());
            if (!m.find()) {
                continue;
            }
            String v = last.get(i).trim();
            try {
                out.add(new Channel(m.group(1), new BigDecimal(v).longValueExact()));
            } catch (NumberFormatException | ArithmeticException e) {
                // an empty or fractional value: the channel is not readable in this sample
            }
        }
        return out;
    }

    /** The fields of one CSV line whose fields are all quoted (as typeperf writes them). */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    /** Lower-case key of a channel name (Windows counter instances compare without case). */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
