package dev.fleetbench.common.protocol;

import dev.fleetbench.common.model.ModelPhases;

/**
 * A worker finished a lease. Sent only after every sample of the lease was acknowledged, so the coordinator can
 * close the lease's cells knowing it has all their samples.
 *
 * @param v         protocol version
 * @param workerId  sender
 * @param leaseId   the lease
 * @param phases    download, load, cold request, memory, and the failure if the variant could not run at all
 * @param cancelled true when the worker stopped because the lease was cancelled
 * @param session   the session token of its registration ({@link RegisterReply#session()})
 */
public record LeaseFinished(int v, String workerId, String leaseId, ModelPhases phases, boolean cancelled,
                            String session) implements Message {

    public static final String TYPE = "lease-finished";

    @Override
    public String type() {
        return TYPE;
    }
}
