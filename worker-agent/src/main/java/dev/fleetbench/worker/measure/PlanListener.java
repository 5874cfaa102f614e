package dev.fleetbench.worker.measure;

import dev.fleetbench.common.model.Sample;

/** Progress of a measurement plan, for progress bars, verbose output and progress messages. Called on the measuring thread. */
public interface PlanListener {

    /** A phase begins or something notable happened ("download", "load", "unload", "resource"). */
    default void onPhase(String model, String phase, String detail) {
    }

    /** Download progress, 0–100. */
    default void onDownloadProgress(String model, double percent, String detail) {
    }

    /** One request is done (ok or failed). */
    default void onSample(Sample sample) {
    }

    PlanListener NONE = new PlanListener() { };
}
