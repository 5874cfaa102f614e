package dev.fleetbench.common.protocol;

/**
 * The coordinator's answer to a {@link LeaseRequest}.
 *
 * @param v            protocol version
 * @param lease        the work, or null when there is none now
 * @param retryAfterMs when there is no work: ask again after this long
 * @param reason       when there is no work, why (no campaign, gated: on battery, …), for logs
 */
public record LeaseReply(int v, Lease lease, long retryAfterMs, String reason) implements Message {

    public static final String TYPE = "lease-reply";

    @Override
    public String type() {
        return TYPE;
    }
}
