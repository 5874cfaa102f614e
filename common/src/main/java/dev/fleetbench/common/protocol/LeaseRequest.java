package dev.fleetbench.common.protocol;

/**
 * An idle worker asks for work.
 *
 * @param v        protocol version
 * @param workerId the worker
 * @param session  the session token of its registration ({@link RegisterReply#session()})
 */
public record LeaseRequest(int v, String workerId, String session) implements Message {

    public static final String TYPE = "lease-request";

    @Override
    public String type() {
        return TYPE;
    }
}
