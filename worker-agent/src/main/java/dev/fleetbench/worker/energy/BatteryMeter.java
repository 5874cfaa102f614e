package dev.fleetbench.worker.energy;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A laptop's battery while it runs on battery: the discharge rate the battery reports (OSHI's power usage rate, in
 * mW), read before and after a request, its mean times the request's duration. The battery feeds the whole machine
 * (screen, disk, every process), and batteries update their rate every few seconds, so a short request is measured
 * coarsely: always an estimate. On mains there is no discharge and so no reading. Thread-safe when the supplier is.
 */
public final class BatteryMeter implements EnergyMeter {

    /**
     * One battery as reported now.
     *
     * @param name        the battery's name ("BAT0", "InternalBattery-0")
     * @param discharging true while it feeds the machine
     * @param rateMw      OSHI's power usage rate, mW (negative while discharging on most platforms; the sign is not
     *                    relied on); 0 or NaN when unknown
     */
    public record Rate(String name, boolean discharging, double rateMw) {
    }

    private final Supplier<List<Rate>> batteries;

    public BatteryMeter(Supplier<List<Rate>> batteries) {
        this.batteries = Objects.requireNonNull(batteries, "batteries");
    }

    /** The total discharge in watts of the batteries discharging now, or null when none is (on mains, unknown rate). */
    public static Double dischargeWatts(List<Rate> rates) {
        double watts = 0;
        boolean any = false;
        for (Rate r : rates) {
            if (r.discharging() && Double.isFinite(r.rateMw()) && r.rateMw() != 0) {
                watts += Math.abs(r.rateMw()) / 1000.0;
                any = true;
            }
        }
        return any ? watts : null;
    }

    @Override
    public String source() {
        return "battery";
    }

    @Override
    public String domains() {
        try {
            return batteries.get().stream().filter(Rate::discharging).map(Rate::name).collect(Collectors.joining("+"));
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
    }

    @Override
    public boolean estimate() {
        return true;
    }

    @Override
    public Reading read(long atNanos) {
        try {
            Double w = dischargeWatts(batteries.get());
            return w == null ? null : new Reading(atNanos, new double[] {w});
        } catch (RuntimeException | LinkageError e) {
            // OSHI's native access can fail on an exotic platform: no reading, and the next one tries again
            return null;
        }
    }

    @Override
    public Double joules(Reading from, Reading to) {
        if (from == null || to == null || to.atNanos() <= from.atNanos()) {
            return null;
        }
        return (from.values()[0] + to.values()[0]) / 2 * from.seconds(to);
    }
}
