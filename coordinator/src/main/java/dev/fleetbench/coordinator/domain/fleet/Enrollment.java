package dev.fleetbench.coordinator.domain.fleet;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.fleetbench.common.model.HardwareProfile;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a worker may take part in the fleet: an admin approves a machine the first time it joins (unless the
 * coordinator runs with auto-approval), or rejects it. Immutable; stored, so that it survives a coordinator restart.
 *
 * @param workerId        the worker's identity (one per agent data directory)
 * @param machineId       the machine's stable id when the decision was made; a rejected machine id is refused
 *                        under any worker id; null when the probe could not read one
 * @param state           pending, approved or rejected
 * @param reason          the admin's words for a rejection (what the worker prints); null otherwise
 * @param approvedProfile the hardware the admin approved (or last acknowledged); a later registration with other
 *                        hardware is shown as changed until acknowledged. Null while pending or rejected, and for
 *                        workers approved before enrollment existed (their stored registration stands in)
 * @param decidedAt       when it was enrolled, approved, rejected or acknowledged
 */
public record Enrollment(String workerId, String machineId, State state, String reason,
                         HardwareProfile approvedProfile, Instant decidedAt) {

    /** Where a worker stands. */
    public enum State {
        PENDING,
        APPROVED,
        REJECTED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The state named by its wire value; an unknown name is a clear error. */
        public static State of(String wire) {
            for (State s : values()) {
                if (s.wire().equals(wire)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown enrollment state '" + wire + "' (pending, approved, rejected)");
        }
    }

    /** Longest rejection reason kept (it travels to the worker in its registration reply). */
    public static final int MAX_REASON_CHARS = 500;

    public Enrollment {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    public Enrollment approved(HardwareProfile profile, Instant at) {
        return new Enrollment(workerId, profile == null ? machineId : profile.machineId(), State.APPROVED, null,
                profile, at);
    }

    public Enrollment rejected(String why, Instant at) {
        return new Enrollment(workerId, machineId, State.REJECTED, why, null, at);
    }
}
