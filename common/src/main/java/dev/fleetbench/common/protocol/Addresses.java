package dev.fleetbench.common.protocol;

/**
 * Every event-bus address of FleetBench. A raw address string anywhere else is a defect. Workers send to the
 * coordinator's addresses, request/reply for quick exchanges only; the coordinator answers, and reaches a worker
 * through the replies (a heartbeat reply carries cancellations), so workers need no address of their own.
 */
public final class Addresses {

    /** {@link RegisterRequest} → {@link RegisterReply}. */
    public static final String REGISTER = "fleetbench.coordinator.register";
    /** {@link Heartbeat} → {@link HeartbeatReply}. */
    public static final String HEARTBEAT = "fleetbench.coordinator.heartbeat";
    /** {@link LeaseRequest} → {@link LeaseReply}. */
    public static final String LEASE = "fleetbench.coordinator.lease";
    /** {@link SampleBatch} → {@link BatchAck}. */
    public static final String SAMPLES = "fleetbench.coordinator.samples";
    /** {@link LeaseProgress}, no reply. */
    public static final String PROGRESS = "fleetbench.coordinator.progress";
    /** {@link LeaseFinished} → {@link LeaseFinishedAck}. */
    public static final String LEASE_FINISHED = "fleetbench.coordinator.lease-finished";

    private Addresses() {
    }
}
