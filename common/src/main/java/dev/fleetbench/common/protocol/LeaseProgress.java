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
 */
public record LeaseProgress(int v, String workerId, String leaseId, String phase, String detail, double percent)
        implements Message {

    public static final String TYPE = "lease-progress";

    @Override
    public String type() {
        return TYPE;
    }
}
