package dev.fleetbench.worker.energy;

import dev.fleetbench.common.model.Energy;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Turns two readings of a meter into the {@link Energy} of a sample, and measures the idle power beside which it is
 * reported. The idle figure is never subtracted: what else drew power during a request is unknown, and a lab decides
 * itself whether to take idle off.
 */
public final class EnergySpan {

    /** Pauses the calling thread; tests pass one that advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        /** The real thread sleep. */
        Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

        void sleep(Duration d) throws InterruptedException;
    }

    private EnergySpan() {
    }

    /**
     * The energy between two readings, with joules per output token; null when either reading is missing, the span is
     * empty or the meter cannot compare them.
     */
    public static Energy between(EnergyMeter meter, EnergyMeter.Reading before, EnergyMeter.Reading after,
                                 Integer outputTokens, Double idleWatts) {
        if (meter == null || before == null || after == null || after.atNanos() <= before.atNanos()) {
            return null;
        }
        Double joules = meter.joules(before, after);
        if (joules == null) {
            return null;
        }
        return Energy.of(meter.source(), meter.domains(), joules, before.seconds(after), outputTokens,
                meter.estimate(), idleWatts);
    }

    /**
     * The meter's mean power over a quiet window (nothing asked of the engine), W; null when the window is zero, the
     * meter cannot be read or the thread is interrupted (then with its interrupt flag set again).
     */
    public static Double idleWatts(EnergyMeter meter, LongSupplier nanoClock, Duration window, Sleeper sleeper) {
        if (meter == null || window.isZero() || window.isNegative()) {
            return null;
        }
        EnergyMeter.Reading before = meter.read(nanoClock.getAsLong());
        if (before == null) {
            return null;
        }
        try {
            sleeper.sleep(window);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        EnergyMeter.Reading after = meter.read(nanoClock.getAsLong());
        if (after == null || after.atNanos() <= before.atNanos()) {
            return null;
        }
        Double joules = meter.joules(before, after);
        return joules == null ? null : joules / before.seconds(after);
    }
}
