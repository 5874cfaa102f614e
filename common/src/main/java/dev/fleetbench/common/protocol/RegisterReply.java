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
 * @param session             when accepted: the session token (random, 256 bits, hex) that every later message of
 *                            this worker must carry; the coordinator refuses messages without the current one. Null
 *                            when refused. A secret between the worker and the coordinator: never logged
 */
public record RegisterReply(int v, boolean accepted, FailureCode failureCode, String message, long heartbeatIntervalMs,
                            String session) implements Message {

    /** A reply without a session (a refusal). */
    public RegisterReply(int v, boolean accepted, FailureCode failureCode, String message, long heartbeatIntervalMs) {
        this(v, accepted, failureCode, message, heartbeatIntervalMs, null);
    }

    /** The session token is a credential: it never appears in a log line or an exception message. */
    @Override
    public String toString() {
        return "RegisterReply[v=" + v + ", accepted=" + accepted + ", failureCode=" + failureCode + ", message="
                + message + ", heartbeatIntervalMs=" + heartbeatIntervalMs + ", session=" + (session == null ? null
                : "(redacted)") + "]";
    }

    public static final String TYPE = "register-reply";

    @Override
    public String type() {
        return TYPE;
    }
}
