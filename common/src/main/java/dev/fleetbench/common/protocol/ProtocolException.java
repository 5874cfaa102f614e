package dev.fleetbench.common.protocol;

import dev.fleetbench.common.model.FailureCode;

/** A message that cannot be accepted: malformed, of the wrong type, or of another protocol version. */
public class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final FailureCode code;

    public ProtocolException(FailureCode code, String message) {
        super(message);
        this.code = code;
    }

    public FailureCode code() {
        return code;
    }
}
