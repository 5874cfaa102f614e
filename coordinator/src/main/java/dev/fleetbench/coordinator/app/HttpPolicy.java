package dev.fleetbench.coordinator.app;

import java.time.Duration;
import java.util.List;

/**
 * How the coordinator's HTTP edge treats callers beyond the token (docs/security.md, "The HTTP edge"). Immutable.
 *
 * @param protectReads true when every read of the API (and {@code /metrics}) needs the bearer token too, for labs that
 *                     do not want their hardware inventory and model answers open on the network; the UI's static
 *                     files and {@code /api/health} stay open so that a browser can load the UI and ask for the token
 * @param allowedHosts host names (besides IP literals, {@code localhost}, the HTTP host and this machine's name) that
 *                     browsers may use to reach the coordinator; any other {@code Host} is refused (DNS rebinding)
 * @param headTimeout  how long a request head may take to arrive whole, counted from the connection's opening or the
 *                     end of its previous answer; a client that trickles a head (or keeps a connection idle between
 *                     requests) longer is disconnected, so it cannot hold one of the connections for ever
 */
public record HttpPolicy(boolean protectReads, List<String> allowedHosts, Duration headTimeout) {

    /** The request head deadline unless configured otherwise (Apache's {@code RequestReadTimeout} starts at 20 s). */
    public static final Duration HEAD_TIMEOUT = Duration.ofSeconds(20);
    /** Open reads, no extra host names. */
    public static final HttpPolicy DEFAULT = new HttpPolicy(false, List.of());
    /** Connections served at once; more are closed as they arrive. */
    public static final int MAX_CONNECTIONS = 512;
    /** Open event streams; more are refused with 503. */
    public static final int MAX_EVENT_STREAMS = 64;
    /** A connection that sends nothing for this long is closed (event streams send a ping every 15 s). */
    public static final int IDLE_TIMEOUT_SECONDS = 60;
    /** Bytes waiting to be written to one event-stream client before it is dropped (it stopped reading). */
    public static final int EVENT_STREAM_QUEUE_BYTES = 256 * 1024;

    public HttpPolicy {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        headTimeout = headTimeout == null ? HEAD_TIMEOUT : headTimeout;
        if (headTimeout.isNegative() || headTimeout.isZero()) {
            throw new IllegalArgumentException("the request head timeout must be positive, got " + headTimeout);
        }
    }

    /** With the default head deadline. */
    public HttpPolicy(boolean protectReads, List<String> allowedHosts) {
        this(protectReads, allowedHosts, HEAD_TIMEOUT);
    }
}
