package dev.fleetbench.common.protocol;

import dev.fleetbench.common.model.PowerSource;

/**
 * Sent every second by each worker; renews its lease.
 *
 * @param v              protocol version
 * @param workerId       the worker
 * @param state          idle or busy
 * @param leaseId        the lease it works on, or null
 * @param userIdle       true when nobody is using the machine (no input for a while); used by lab gating
 * @param power          power source now
 * @param outboxSamples  samples waiting in its outbox for an acknowledgement
 * @param session        the session token of its registration ({@link RegisterReply#session()}); null when it has none
 * @param paused         why the worker does no work now: idle, its disk is nearly full; busy, its outbox is full and
 *                       measuring waits for the coordinator to take samples; else null. At most {@link #MAX_PAUSED}
 *                       characters
 */
public record Heartbeat(int v, String workerId, WorkerState state, String leaseId, boolean userIdle,
                        PowerSource power, int outboxSamples, String session, String paused) implements Message {

    public static final String TYPE = "heartbeat";
    /** Longest reason for a pause that a coordinator accepts. */
    public static final int MAX_PAUSED = 300;

    /** A worker that is not paused. */
    public Heartbeat(int v, String workerId, WorkerState state, String leaseId, boolean userIdle, PowerSource power,
                     int outboxSamples, String session) {
        this(v, workerId, state, leaseId, userIdle, power, outboxSamples, session, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
