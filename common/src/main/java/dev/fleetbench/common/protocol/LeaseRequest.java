package dev.fleetbench.common.protocol;

/** An idle worker asks for work. */
public record LeaseRequest(int v, String workerId) implements Message {

    public static final String TYPE = "lease-request";

    @Override
    public String type() {
        return TYPE;
    }
}
