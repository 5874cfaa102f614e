package dev.fleetbench.common.metrics;

import java.util.Arrays;

/**
 * The monotonic timestamps of one streamed request, as defined in {@code metrics.md}: {@code t_send}, the arrival of
 * every chunk that carries generated text ({@code t_c[1..k]}), the first chunk that carries answer content (as
 * opposed to reasoning), and {@code t_end}. Values are {@link System#nanoTime()} readings of one JVM and are never
 * compared across machines. Immutable and thread-safe.
 */
public final class StreamTimeline {

    private final long sendNanos;
    private final long[] tokenChunkNanos;
    private final long firstContentNanos;
    private final boolean hasContent;
    private final long endNanos;

    /**
     * @param sendNanos         {@code t_send}: the request was written to the engine
     * @param tokenChunkNanos   {@code t_c[1..k]}, non-decreasing; role-only, empty and usage-only chunks excluded
     * @param firstContentNanos arrival of the first content (not reasoning) chunk, or {@code null} if there was none
     * @param endNanos          {@code t_end}: the answer is complete ({@code [DONE]} parsed, or the final chunk of a
     *                          stream without it); never the later moment the connection closes
     */
    public StreamTimeline(long sendNanos, long[] tokenChunkNanos, Long firstContentNanos, long endNanos) {
        this.sendNanos = sendNanos;
        this.tokenChunkNanos = tokenChunkNanos.clone();
        this.hasContent = firstContentNanos != null;
        this.firstContentNanos = hasContent ? firstContentNanos : 0L;
        this.endNanos = endNanos;
        for (int i = 1; i < this.tokenChunkNanos.length; i++) {
            if (this.tokenChunkNanos[i] < this.tokenChunkNanos[i - 1]) {
                throw new IllegalArgumentException("chunk timestamps must not go backwards (index " + i + ")");
            }
        }
        if (endNanos < sendNanos) {
            throw new IllegalArgumentException("t_end is before t_send");
        }
    }

    public long sendNanos() {
        return sendNanos;
    }

    public long endNanos() {
        return endNanos;
    }

    /** Number of token chunks {@code k}. */
    public int tokenChunks() {
        return tokenChunkNanos.length;
    }

    /** {@code t_c[i]} for i in 0..k-1 (zero-based). */
    public long chunkNanos(int index) {
        return tokenChunkNanos[index];
    }

    public boolean hasContent() {
        return hasContent;
    }

    /** Arrival of the first content chunk; only meaningful when {@link #hasContent()}. */
    public long firstContentNanos() {
        return firstContentNanos;
    }

    @Override
    public String toString() {
        return "StreamTimeline[send=" + sendNanos + ", chunks=" + Arrays.toString(tokenChunkNanos)
                + ", end=" + endNanos + "]";
    }
}
