package dev.fleetbench.coordinator.domain.fleet;

import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.WorkerState;
import java.time.Instant;

/**
 * The latest facts about one worker. Immutable; the fleet replaces it on every registration and heartbeat.
 *
 * @param registration what the worker said when it (re)joined
 * @param registeredAt when it last registered
 * @param lastSeen     last registration or heartbeat
 * @param state        what it last said it was doing
 * @param leaseId      the lease it last said it works on, or null
 * @param userIdle     nobody uses the machine
 * @param power        power source now
 * @param outboxSamples samples waiting in its outbox
 * @param paused       why it does no work now (its disk is nearly full, or its outbox is full), else null
 */
public record WorkerEntry(RegisterRequest registration, Instant registeredAt, Instant lastSeen, WorkerState state,
                          String leaseId, boolean userIdle, PowerSource power, int outboxSamples, String paused) {

    /** A worker that is not paused. */
    public WorkerEntry(RegisterRequest registration, Instant registeredAt, Instant lastSeen, WorkerState state,
                       String leaseId, boolean userIdle, PowerSource power, int outboxSamples) {
        this(registration, registeredAt, lastSeen, state, leaseId, userIdle, power, outboxSamples, null);
    }

    public String workerId() {
        return registration.workerId();
    }
}
