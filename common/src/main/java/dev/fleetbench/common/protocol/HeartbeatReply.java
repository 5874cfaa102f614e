package dev.fleetbench.common.protocol;

import java.util.List;

/**
 * The coordinator's answer to a {@link Heartbeat}.
 *
 * @param v               protocol version
 * @param known           false when the coordinator does not know the worker (it restarted): register again
 * @param cancelLeaseIds  leases the worker must stop at the next request boundary
 * @param duplicate       null normally; else why the coordinator believes another live agent uses this worker's
 *                        identity (a copied data directory), for the agent to log
 */
public record HeartbeatReply(int v, boolean known, List<String> cancelLeaseIds, String duplicate) implements Message {

    public static final String TYPE = "heartbeat-reply";

    public HeartbeatReply {
        cancelLeaseIds = cancelLeaseIds == null ? List.of() : List.copyOf(cancelLeaseIds);
    }

    /** A reply without a duplicate-identity warning. */
    public HeartbeatReply(int v, boolean known, List<String> cancelLeaseIds) {
        this(v, known, cancelLeaseIds, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
