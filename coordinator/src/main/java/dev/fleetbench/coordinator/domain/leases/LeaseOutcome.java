package dev.fleetbench.coordinator.domain.leases;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How one lease attempt ended, as the lease history stores it, bundles carry it and the log names it
 * ({@code lease.finished}). Its text is {@link #wire()}.
 */
public enum LeaseOutcome {
    /** Still leased: no end yet. */
    RUNNING,
    /** The worker reported the end of every repetition. */
    FINISHED,
    /** No heartbeat renewed it in time: its cell went back to the queue. */
    EXPIRED,
    /** The campaign was cancelled while it ran. */
    CANCELLED,
    /** The variant could not run (its phases carry the failure code). */
    FAILED,
    /** The worker left before the end and said so. */
    RETURNED,
    /** The worker restarted during the lease and asked for work again. */
    ABANDONED;

    /** The stored and JSON text: the name in lower case ("finished"). */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The outcome of a stored text.
     *
     * @throws IllegalArgumentException naming the text and the known outcomes
     */
    @JsonCreator
    public static LeaseOutcome parse(String text) {
        for (LeaseOutcome o : values()) {
            if (o.wire().equals(text)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown lease outcome '" + text + "'; expected one of "
                + Arrays.stream(values()).map(LeaseOutcome::wire).toList());
    }
}
