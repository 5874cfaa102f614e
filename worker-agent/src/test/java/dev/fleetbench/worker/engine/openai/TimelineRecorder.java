package dev.fleetbench.worker.engine.openai;

import dev.fleetbench.common.metrics.StreamTimeline;
import dev.fleetbench.worker.engine.StreamListener;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal measurement listener for tests: {@link System#nanoTime()} at {@code onRequestSent} and at every
 * {@code onChunk}, as the real recorder of the measurement layer does. A second {@code onRequestSent} (the engine
 * retried before any chunk) starts over.
 */
class TimelineRecorder implements StreamListener {

    record Received(ChunkKind kind, String text, long nanos) {
    }

    private volatile long sendNanos;
    private volatile int sends;
    private final List<Received> chunks = new ArrayList<>();

    @Override
    public void onRequestSent() {
        sendNanos = System.nanoTime();
        sends++;
        synchronized (chunks) {
            chunks.clear();
        }
    }

    @Override
    public void onChunk(ChunkKind kind, String text) {
        long now = System.nanoTime();
        synchronized (chunks) {
            chunks.add(new Received(kind, text, now));
        }
    }

    long sendNanos() {
        return sendNanos;
    }

    int sends() {
        return sends;
    }

    List<Received> chunks() {
        synchronized (chunks) {
            return List.copyOf(chunks);
        }
    }

    List<ChunkKind> kinds() {
        return chunks().stream().map(Received::kind).toList();
    }

    String text(ChunkKind kind) {
        StringBuilder sb = new StringBuilder();
        chunks().stream().filter(c -> c.kind() == kind).forEach(c -> sb.append(c.text()));
        return sb.toString();
    }

    /** The timeline of the request, {@code t_end} taken by the caller when {@code chat()} returned. */
    StreamTimeline timeline(long endNanos) {
        List<Received> all = chunks();
        long[] times = all.stream().mapToLong(Received::nanos).toArray();
        Long firstContent = all.stream().filter(c -> c.kind() == ChunkKind.CONTENT).map(Received::nanos)
                .findFirst().orElse(null);
        return new StreamTimeline(sendNanos, times, firstContent, endNanos);
    }

    /** A recorder that also flips a cancel flag after {@code n} chunks. */
    static TimelineRecorder cancellingAfter(int n, java.util.concurrent.atomic.AtomicBoolean flag) {
        return new TimelineRecorder() {
            @Override
            public void onChunk(ChunkKind kind, String text) {
                super.onChunk(kind, text);
                if (chunks().size() >= n) {
                    flag.set(true);
                }
            }
        };
    }
}
