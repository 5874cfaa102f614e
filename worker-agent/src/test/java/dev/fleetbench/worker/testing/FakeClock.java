package dev.fleetbench.worker.testing;

import java.util.function.LongSupplier;

/** A monotonic clock that moves only when a test says so. */
public final class FakeClock implements LongSupplier {

    private long nanos = 1_000_000_000L;

    public void advanceMs(double ms) {
        nanos += (long) (ms * 1_000_000);
    }

    @Override
    public long getAsLong() {
        return nanos;
    }
}
