package dev.fleetbench.common.protocol;

/** The coordinator recorded the end of a lease. */
public record LeaseFinishedAck(int v, String leaseId) implements Message {

    public static final String TYPE = "lease-finished-ack";

    @Override
    public String type() {
        return TYPE;
    }
}
