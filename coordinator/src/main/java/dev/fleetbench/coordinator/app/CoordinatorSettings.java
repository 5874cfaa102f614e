package dev.fleetbench.coordinator.app;

import java.time.Duration;

/**
 * Timing of the coordinator's fleet and lease rules. Immutable.
 *
 * @param heartbeatInterval what workers are told to use
 * @param missingAfter      silence after which a worker is MISSING
 * @param goneAfter         further silence after which it is GONE
 * @param leaseTtl          a lease lives this long after the last heartbeat that renewed it
 * @param maxAttempts       attempts of a lease unit before its cells fail
 * @param tick              period of the housekeeping (expiry, budgets, schedules, persistence of cell states)
 */
public record CoordinatorSettings(Duration heartbeatInterval, Duration missingAfter, Duration goneAfter,
                                  Duration leaseTtl, int maxAttempts, Duration tick) {

    public static final CoordinatorSettings DEFAULTS = new CoordinatorSettings(Duration.ofSeconds(1),
            Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofSeconds(15), 3, Duration.ofMillis(500));

    public CoordinatorSettings {
        if (leaseTtl.compareTo(heartbeatInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("lease TTL must be at least three heartbeat intervals");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1");
        }
    }
}
