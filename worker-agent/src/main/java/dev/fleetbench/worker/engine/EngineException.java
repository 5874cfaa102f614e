package dev.fleetbench.worker.engine;

import dev.fleetbench.common.model.FailureCode;
import java.util.Objects;

/** A failure of an engine operation, as data: a {@link FailureCode} and a message for people. */
public class EngineException extends Exception {

    private static final long serialVersionUID = 1L;

    private final FailureCode code;

    public EngineException(FailureCode code, String message) {
        this(code, message, null);
    }

    public EngineException(FailureCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public FailureCode code() {
        return code;
    }
}
