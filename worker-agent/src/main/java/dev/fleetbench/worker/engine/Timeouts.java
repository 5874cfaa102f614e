package dev.fleetbench.worker.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits of one request. An engine that exceeds one ends the request with
 * {@link dev.fleetbench.common.model.FailureCode#TIMEOUT} and a message naming the limit.
 *
 * @param connect    to establish the connection (HTTP engines)
 * @param firstToken from sending the request to the first token chunk
 * @param idle       between two chunks
 * @param total      the whole request
 */
public record Timeouts(Duration connect, Duration firstToken, Duration idle, Duration total) {

    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(firstToken, "firstToken");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(total, "total");
    }

    /** One overall limit; the others derived from it (connect 10 s at most, first token and idle = total). */
    public static Timeouts ofTotal(Duration total) {
        Duration connect = total.compareTo(Duration.ofSeconds(10)) < 0 ? total : Duration.ofSeconds(10);
        return new Timeouts(connect, total, total, total);
    }
}
