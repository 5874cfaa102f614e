package dev.fleetbench.worker.measure;

import dev.fleetbench.common.metrics.StreamTimeline;

/**
 * The engine process's CPU use while one request decoded: CPU time over wall time × 100 (100 = one core busy)
 * between the first and the last token, from readings taken on a timer ({@link ResourceSampler#trace}). Only
 * readings inside the decode count, and they must span at least {@link #MIN_SPAN_NANOS}: CPU time is kept in clock
 * ticks (10 ms on Linux), so a shorter span would be mostly rounding. Pure.
 */
public final class DecodeCpu {

    /** 100 ms: ten clock ticks, so one tick of rounding is at most 10 % of one core. */
    public static final long MIN_SPAN_NANOS = 100_000_000L;

    private DecodeCpu() {
    }

    /**
     * @param atNanos  reading times (monotonic, ascending)
     * @param cpuNanos CPU time of the process at each reading
     * @param count    how many readings are valid
     * @return the percentage, or null when fewer than two readings fall inside the decode or they span too little
     */
    public static Double percent(long[] atNanos, long[] cpuNanos, int count, long decodeStart, long decodeEnd) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < count; i++) {
            if (atNanos[i] >= decodeStart && atNanos[i] <= decodeEnd) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first < 0 || last == first || atNanos[last] - atNanos[first] < MIN_SPAN_NANOS) {
            return null;
        }
        return 100.0 * (cpuNanos[last] - cpuNanos[first]) / (atNanos[last] - atNanos[first]);
    }

    /** Over a timeline's decode: from its first to its last token chunk; null with fewer than two chunks. */
    public static Double percent(long[] atNanos, long[] cpuNanos, int count, StreamTimeline t) {
        if (t == null || t.tokenChunks() < 2) {
            return null;
        }
        return percent(atNanos, cpuNanos, count, t.chunkNanos(0), t.chunkNanos(t.tokenChunks() - 1));
    }
}
