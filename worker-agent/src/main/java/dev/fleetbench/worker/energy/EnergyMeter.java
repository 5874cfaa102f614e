package dev.fleetbench.worker.energy;

/**
 * A counter of the machine's energy that the agent reads around every request: Linux RAPL ({@link RaplMeter}), a
 * laptop's battery while on battery ({@link BatteryMeter}), Windows' Energy Meter Interface ({@link EmiMeter}).
 * Readings are cheap (a few sysfs files or one OSHI query) and never throw: a counter that cannot be read gives null.
 * Implementations are thread-safe.
 */
public interface EnergyMeter {

    /** {@code rapl}, {@code battery} or {@code emi}, as stored in {@link dev.fleetbench.common.model.Energy#source}. */
    String source();

    /** What the counter covers, e.g. "package-0+dram" or "BAT0". */
    String domains();

    /** True when the counter covers more than the engine (a whole package, a whole battery): then it estimates. */
    boolean estimate();

    /** The counter now, stamped with {@code atNanos} (monotonic); null when it cannot be read now. */
    Reading read(long atNanos);

    /**
     * Joules used between two readings of this meter, with counter wrap-around accounted for; null when they cannot
     * be compared (a counter vanished, the machine went back on mains).
     */
    Double joules(Reading from, Reading to);

    /**
     * One reading: when, and the meter's own values (cumulative microjoules per RAPL domain; watts for a battery).
     *
     * @param atNanos monotonic time of the reading
     * @param values  the meter's values, in the meter's own order
     */
    record Reading(long atNanos, double[] values) {

        public Reading {
            values = values.clone();
        }

        public double seconds(Reading later) {
            return (later.atNanos - atNanos) / 1e9;
        }
    }
}
