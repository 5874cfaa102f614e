package dev.fleetbench.common.protocol;

import dev.fleetbench.common.model.FailureCode;

/**
 * The coordinator's answer to {@link RegisterRequest}.
 *
 * @param v                   protocol version of the coordinator
 * @param accepted            false when the worker is refused
 * @param failureCode         why it was refused (PROTOCOL_MISMATCH, INVALID_INPUT, UNAUTHORIZED); null when accepted
 * @param message             for people: why it was refused, or a greeting
 * @param heartbeatIntervalMs how often to send heartbeats
 */
public record RegisterReply(int v, boolean accepted, FailureCode failureCode, String message, long heartbeatIntervalMs)
        implements Message {

    public static final String TYPE = "register-reply";

    @Override
    public String type() {
        return TYPE;
    }
}
