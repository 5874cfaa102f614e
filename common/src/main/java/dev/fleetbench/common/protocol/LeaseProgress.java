package dev.fleetbench.common.protocol;

/**
 * What a worker is doing within a lease (download progress, loading, requests done); fire and forget.
 *
 * @param v        protocol version
 * @param workerId sender
 * @param leaseId  the lease
 * @param phase    "download", "load", "requests", "unload"
 * @param detail   for people
 * @param percent  progress of the phase, 0–100, or -1 when unknown
 * @param session  the session token of its registration ({@link RegisterReply#session()})
 */
public record LeaseProgress(int v, String workerId, String leaseId, String phase, String detail, double percent,
                            String session) implements Message {

    /** Longest {@code phase} the coordinator accepts. */
    public static final int MAX_PHASE_CHARS = 32;
    /** Longest {@code detail} the coordinator accepts (a line for people, not a log). */
    public static final int MAX_DETAIL_CHARS = 1024;

    public static final String TYPE = "lease-progress";

    @Override
    public String type() {
        return TYPE;
    }
}
