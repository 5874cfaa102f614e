package dev.fleetbench.coordinator.domain.fleet;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A worker's liveness as the coordinator sees it: READY and BUSY from its own heartbeats, MISSING when they stopped
 * for a few seconds (a laptop asleep, Wi-Fi gone), GONE after a minute more. Heartbeats that return heal it.
 */
public enum WorkerStatus {
    READY,
    BUSY,
    MISSING,
    GONE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
