package dev.fleetbench.coordinator.domain.matrix;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Life of a matrix cell. DONE, FAILED, DOES_NOT_FIT, PREDICTED_TOO_SLOW and CANCELLED are terminal: each is a result.
 * New statuses go last: counts are kept by ordinal.
 */
public enum CellStatus {
    /** Waiting for a worker. */
    PENDING,
    /** Leased to a worker now. */
    RUNNING,
    /** Holds its planned measured samples. */
    DONE,
    /** Could not be measured (load failure, attempts exhausted, time budget spent); the reason says why. */
    FAILED,
    /** The model cannot run on that machine (no variant for its devices, not enough memory). */
    DOES_NOT_FIT,
    /** The campaign was cancelled before the cell finished. */
    CANCELLED,
    /**
     * Not run: the campaign skips cells predicted to miss its minimum decode rate by a wide margin
     * ({@code skip_predicted_too_slow}); the reason carries the prediction.
     */
    PREDICTED_TOO_SLOW;

    public boolean terminal() {
        return this != PENDING && this != RUNNING;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
