package dev.fleetbench.worker.energy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Windows' Energy Meter Interface (EMI), read through the "Energy Meter" performance counter set: the cumulative
 * picowatt-hours of the RAPL package and DRAM channels ({@link EmiChannels#select}), summed. The channels are read
 * through a seam ({@code Supplier} of the channels now: PDH on a Windows machine, {@link WindowsEnergyCounters}; a
 * captured {@code typeperf} sample in tests). The package counts every core and process, so the figure is an
 * estimate of the engine's energy. A counter that went backwards (a driver reset) is not compared. Thread-safe when
 * the supplier is.
 */
public final class EmiMeter implements EnergyMeter {

    private final Supplier<List<EmiChannels.Channel>> channels;
    private final List<String> chosen;

    private EmiMeter(Supplier<List<EmiChannels.Channel>> channels, List<String> chosen) {
        this.channels = channels;
        this.chosen = List.copyOf(chosen);
    }

    /** The outcome of looking for EMI channels: a meter, or the reason there is none. */
    public record Opened(EmiMeter meter, String reason) {
    }

    /** Looks for the channels to read; never throws (a probe that fails is a reason). */
    public static Opened open(Supplier<List<EmiChannels.Channel>> channels) {
        Objects.requireNonNull(channels, "channels");
        List<EmiChannels.Channel> now;
        try {
            now = channels.get();
        } catch (RuntimeException | LinkageError e) {
            return new Opened(null, "the Energy Meter counters cannot be read: " + e.getMessage());
        }
        if (now == null || now.isEmpty()) {
            return new Opened(null, "no Energy Meter counters on this machine (Windows shows them only where a driver"
                    + " implements the Energy Meter Interface)");
        }
        List<String> problems = new ArrayList<>();
        List<String> chosen = EmiChannels.select(now.stream().map(EmiChannels.Channel::name).toList(), problems);
        if (chosen.isEmpty()) {
            return new Opened(null, String.join("; ", problems));
        }
        return new Opened(new EmiMeter(channels, chosen), null);
    }

    @Override
    public String source() {
        return "emi";
    }

    @Override
    public String domains() {
        return String.join("+", chosen);
    }

    @Override
    public boolean estimate() {
        return true;
    }

    @Override
    public Reading read(long atNanos) {
        List<EmiChannels.Channel> now;
        try {
            now = channels.get();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
        if (now == null) {
            return null;
        }
        Map<String, Long> byName = new HashMap<>();
        now.forEach(c -> byName.put(EmiChannels.key(c.name()), c.picowattHours()));
        double[] values = new double[chosen.size()];
        for (int i = 0; i < values.length; i++) {
            Long v = byName.get(EmiChannels.key(chosen.get(i)));
            if (v == null) {
                return null; // a channel vanished: this reading cannot be compared with the others
            }
            values[i] = v;
        }
        return new Reading(atNanos, values);
    }

    @Override
    public Double joules(Reading from, Reading to) {
        if (from == null || to == null || from.values().length != chosen.size() || to.values().length != chosen.size()) {
            return null;
        }
        double pwh = 0;
        for (int i = 0; i < chosen.size(); i++) {
            double d = to.values()[i] - from.values()[i];
            if (d < 0) {
                return null; // 64-bit counters do not wrap in practice: a counter that went back was reset
            }
            pwh += d;
        }
        return pwh * EmiChannels.JOULES_PER_PICOWATT_HOUR;
    }
}
