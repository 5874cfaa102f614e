package dev.fleetbench.worker.measure;

import dev.fleetbench.common.metrics.StreamTimeline;
import dev.fleetbench.worker.engine.StreamListener;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Takes the timestamps of one streamed request as its events arrive (metrics.md): {@code t_send}, every token
 * chunk (an event with reasoning and content is one), the first content chunk, and {@code t_end} when the engine says
 * the answer is complete ({@link #onStreamEnd()}; the last call counts), else when {@link #finish()} is called. It
 * also collects the answer text (content only; reasoning is timed but not part of the answer). {@link #onRequestSent()} may come from an
 * engine's I/O thread: the send time is volatile, and a second call (a retry before any chunk) starts over.
 */
public final class TimelineRecorder implements StreamListener {

    private final LongSupplier nanoClock;
    private volatile long sendNanos;
    private volatile boolean sent;
    private volatile long endNanos = -1;
    private long[] chunks = new long[64];
    private int chunkCount;
    private Long firstContentNanos;
    private final StringBuilder content = new StringBuilder();

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests) */
    public TimelineRecorder(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public void onRequestSent() {
        sendNanos = nanoClock.getAsLong();
        sent = true;
        endNanos = -1;
        chunkCount = 0;
        firstContentNanos = null;
        content.setLength(0);
    }

    @Override
    public void onStreamEnd() {
        endNanos = nanoClock.getAsLong();
    }

    @Override
    public void onChunk(ChunkKind kind, String text) {
        arrived(nanoClock.getAsLong(), kind == ChunkKind.CONTENT ? text : null);
    }

    /** One event with reasoning and content: one arrival, one timestamp, and the content is answer text. */
    @Override
    public void onChunk(String reasoning, String content) {
        arrived(nanoClock.getAsLong(), content);
    }

    /** Records one token chunk that arrived at {@code now}; {@code content} is its answer text, null for reasoning. */
    private void arrived(long now, String contentText) {
        if (!sent) {
            // An engine that forgot onRequestSent still gets a defined (if late) t_send rather than a zero.
            sendNanos = now;
            sent = true;
        }
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunkCount * 2);
        }
        chunks[chunkCount++] = now;
        if (contentText != null) {
            if (firstContentNanos == null) {
                firstContentNanos = now;
            }
            content.append(contentText);
        }
    }

    /** True once the engine said the request was sent. */
    public boolean sent() {
        return sent;
    }

    public int tokenChunks() {
        return chunkCount;
    }

    /** The answer text received so far. */
    public String text() {
        return content.toString();
    }

    /** Returns the whole timeline; {@code t_end} is the engine's end-of-stream signal, or now if it gave none. */
    public StreamTimeline finish() {
        long end = endNanos >= 0 ? endNanos : nanoClock.getAsLong();
        long send = sent ? sendNanos : end;
        return new StreamTimeline(send, Arrays.copyOf(chunks, chunkCount), firstContentNanos, end);
    }
}
