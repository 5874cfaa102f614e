package dev.fleetbench.coordinator.http;

import io.vertx.core.http.HttpConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A deadline per connection for its next request head: set when the connection opens and when an answer ends,
 * cleared when a head has arrived whole; {@link #sweep()} (run periodically) closes the connections whose head is late.
 * Vert.x has an idle timeout (which any byte resets) but no head deadline, so this small piece is written here.
 */
final class HeadDeadlines {

    private final long nanos;
    private final LongSupplier clock;
    private final Map<HttpConnection, Long> deadlines = new ConcurrentHashMap<>();

    /**
     * @param millis how long a head may take
     * @param clock  nanoseconds, monotonic ({@code System::nanoTime})
     */
    HeadDeadlines(long millis, LongSupplier clock) {
        this.nanos = millis * 1_000_000L;
        this.clock = clock;
    }

    /** The connection waits for a request head from now on. */
    void await(HttpConnection conn) {
        deadlines.put(conn, clock.getAsLong() + nanos);
    }

    /** A head arrived whole on the connection, or the connection closed. */
    void arrived(HttpConnection conn) {
        deadlines.remove(conn);
    }

    /** Closes every connection whose head is late; returns how many. */
    int sweep() {
        long now = clock.getAsLong();
        int closed = 0;
        for (Map.Entry<HttpConnection, Long> e : deadlines.entrySet()) {
            if (now - e.getValue() >= 0 && deadlines.remove(e.getKey(), e.getValue())) {
                HttpEdge.hardClose(e.getKey());
                closed++;
            }
        }
        return closed;
    }

    /** Connections waiting for a head now (for tests). */
    int waiting() {
        return deadlines.size();
    }
}
