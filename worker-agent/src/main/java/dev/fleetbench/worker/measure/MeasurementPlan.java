package dev.fleetbench.worker.measure;

import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.worker.engine.Timeouts;
import java.util.Objects;

/**
 * What to do with one model variant (metrics.md, "per lease"): download → load → one cold request (reported
 * apart) → warm-ups (stored, flagged, excluded from statistics) → {@code repetitions} measured requests per prompt
 * → unload.
 *
 * @param prompts     the prompts; the cold request and the warm-ups cycle through them from the first
 * @param warmups     warm-up requests in all, 0 or more
 * @param repetitions measured requests per prompt, 1 or more
 * @param timeouts    limits of every request
 * @param unloadAfter unload the model at the end (the agent keeps one model at a time)
 */
public record MeasurementPlan(PromptSet prompts, int warmups, int repetitions, Timeouts timeouts, boolean unloadAfter) {

    /** Upper bounds that keep a typo from booking a machine for a week. */
    public static final int MAX_WARMUPS = 100;
    public static final int MAX_REPETITIONS = 1000;

    public MeasurementPlan {
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(timeouts, "timeouts");
        if (warmups < 0 || warmups > MAX_WARMUPS) {
            throw new IllegalArgumentException("warmups " + warmups + " is out of range 0.." + MAX_WARMUPS);
        }
        if (repetitions < 1 || repetitions > MAX_REPETITIONS) {
            throw new IllegalArgumentException("repetitions " + repetitions + " is out of range 1.." + MAX_REPETITIONS);
        }
    }

    /** Requests the plan makes in all: the cold one, the warm-ups and the measured ones. */
    public int totalRequests() {
        return 1 + warmups + repetitions * prompts.prompts().size();
    }
}
