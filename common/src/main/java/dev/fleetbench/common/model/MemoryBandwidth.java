package dev.fleetbench.common.model;

import java.util.Objects;

/**
 * The machine's memory bandwidth as a short probe measured it once when the agent started: how many bytes per second
 * the CPU cores moved between main memory and themselves over a buffer far larger than the last-level cache. It is a
 * measurement of this machine at that moment (other programs running meanwhile lower it), never a datasheet figure.
 * Immutable.
 *
 * @param gbPerSecond best pass in GB/s (10^9 bytes per second), counting bytes read plus bytes written (the STREAM
 *                    "copy" convention); finite and &gt; 0
 * @param method      how it was measured, for provenance, e.g. "copy 2 x 128 MiB, 2 threads, best of 5 passes"; never
 *                    blank
 * @param bufferBytes bytes of the source buffer of one pass (the destination is as large)
 * @param passes      passes run; the figure is the best one
 * @param threads     threads copying at the same time, each its own slice
 * @param durationMs  wall time of the whole probe (allocation included), ms
 */
public record MemoryBandwidth(double gbPerSecond, String method, long bufferBytes, int passes, int threads,
                              double durationMs) {

    public MemoryBandwidth {
        if (!(gbPerSecond > 0) || Double.isInfinite(gbPerSecond)) {
            throw new IllegalArgumentException("memory bandwidth must be a finite figure > 0 GB/s, got " + gbPerSecond);
        }
        Objects.requireNonNull(method, "method");
        if (method.isBlank()) {
            throw new IllegalArgumentException("memory bandwidth: the method is missing");
        }
        if (bufferBytes <= 0 || passes <= 0 || threads <= 0) {
            throw new IllegalArgumentException("memory bandwidth: buffer, passes and threads must be positive, got "
                    + bufferBytes + ", " + passes + ", " + threads);
        }
        if (!(durationMs >= 0) || Double.isInfinite(durationMs)) {
            throw new IllegalArgumentException("memory bandwidth: duration must be a finite figure >= 0 ms, got "
                    + durationMs);
        }
    }

    /** Bytes per second. */
    public double bytesPerSecond() {
        return gbPerSecond * 1e9;
    }
}
