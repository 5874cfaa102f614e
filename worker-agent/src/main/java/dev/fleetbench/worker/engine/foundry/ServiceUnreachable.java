package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;

/**
 * The service did not answer at all: connection refused (it stopped, or it restarted on another port) or the
 * connection broke before an answer. The engine's self-healing reacts to this, and only to this.
 */
final class ServiceUnreachable extends EngineException {

    private static final long serialVersionUID = 1L;

    ServiceUnreachable(FailureCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
