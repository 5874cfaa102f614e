package dev.fleetbench.coordinator.domain.leases;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.fleetbench.coordinator.domain.matrix.LeaseUnit;
import java.time.Instant;
import java.util.Locale;

/** The mutable state of one lease unit inside the {@link WorkQueue}; never shared outside it. */
final class UnitState {

    /** Where a unit is. */
    enum Status {
        QUEUED, LEASED, DONE, FAILED, CANCELLED;

        @JsonValue
        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    final LeaseUnit unit;
    Status status = Status.QUEUED;
    /** Leases issued (numbers the attempts a worker sees). */
    int attempts;
    /** Attempts that ended without a single new measured sample: the give-up rule counts these. */
    int fruitless;
    /** Measured samples of the unit's cells when the current lease was issued. */
    int measuredAtLease;
    String leaseId;
    Instant expiresAt;

    UnitState(LeaseUnit unit) {
        this.unit = unit;
    }

    boolean open() {
        return status == Status.QUEUED || status == Status.LEASED;
    }
}
