package dev.fleetbench.common.protocol;

import java.util.List;

/**
 * The coordinator's answer to a {@link Heartbeat}.
 *
 * @param v               protocol version
 * @param known           false when the coordinator does not know the worker (it restarted): register again
 * @param cancelLeaseIds  leases the worker must stop at the next request boundary
 */
public record HeartbeatReply(int v, boolean known, List<String> cancelLeaseIds) implements Message {

    public static final String TYPE = "heartbeat-reply";

    public HeartbeatReply {
        cancelLeaseIds = cancelLeaseIds == null ? List.of() : List.copyOf(cancelLeaseIds);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
