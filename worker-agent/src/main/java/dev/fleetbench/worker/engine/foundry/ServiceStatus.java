package dev.fleetbench.worker.engine.foundry;

import java.util.List;
import java.util.OptionalLong;

/**
 * What {@code foundry service status} (legacy CLI) or {@code foundry server status} (CLI 0.10+) said.
 *
 * @param state    what the output means
 * @param baseUrl  {@code http://host:port} of the service when the output names one; null otherwise
 * @param pid      the service's process id when the output says it
 * @param validEps execution providers the legacy CLI lists after "Valid EPs:"; possibly empty
 * @param text     the output, for messages
 */
record ServiceStatus(State state, String baseUrl, OptionalLong pid, List<String> validEps, String text) {

    enum State {
        /** The output names the URL the service listens on. */
        RUNNING,
        /** The service is not running ("🔴 Model management service is not running!", "State Stopped"). */
        STOPPED,
        /** The CLI says it is up but its own request to the service failed (port-binding trouble, #286): restart. */
        BROKEN,
        /** This CLI does not know the command ("Unrecognized command or argument 'service'"). */
        UNRECOGNIZED,
        /** Output we cannot read (or the command could not run). */
        UNKNOWN
    }

    ServiceStatus {
        validEps = validEps == null ? List.of() : List.copyOf(validEps);
        pid = pid == null ? OptionalLong.empty() : pid;
        text = text == null ? "" : text;
    }
}
