package dev.fleetbench.worker.measure;

import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.worker.engine.Timeouts;
import java.util.List;
import java.util.Objects;

/**
 * What to do with one model variant (metrics.md, "per lease"): download → load → one cold request (reported
 * apart) → warm-ups (stored, flagged, excluded from statistics) → the measured repetitions of each prompt → unload.
 * Measured requests go round the prompts (repetition 0 of every prompt, then repetition 1, …) so that a slow drift
 * of the machine spreads over all prompts instead of landing on the last one.
 *
 * @param promptSetVersion version of the whole prompt set the samples belong to (for fingerprints)
 * @param prompts          the prompts with their repetitions; the cold request and the warm-ups cycle through them
 * @param warmups          warm-up requests in all, 0 or more
 * @param timeouts         limits of every request
 * @param unloadAfter      unload the model at the end (the agent keeps one model at a time)
 */
public record MeasurementPlan(String promptSetVersion, List<PlannedPrompt> prompts, int warmups, Timeouts timeouts,
                              boolean unloadAfter) {

    /** Upper bounds that keep a typo from booking a machine for a week. */
    public static final int MAX_WARMUPS = 100;
    public static final int MAX_REPETITIONS = 1000;

    public MeasurementPlan {
        Objects.requireNonNull(promptSetVersion, "promptSetVersion");
        Objects.requireNonNull(timeouts, "timeouts");
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one prompt");
        }
        if (warmups < 0 || warmups > MAX_WARMUPS) {
            throw new IllegalArgumentException("warmups " + warmups + " is out of range 0.." + MAX_WARMUPS);
        }
        for (PlannedPrompt p : prompts) {
            if (p.repetitions() > MAX_REPETITIONS) {
                throw new IllegalArgumentException("repetitions " + p.repetitions() + " is out of range 0.." + MAX_REPETITIONS);
            }
        }
    }

    /** The same repetitions for every prompt of a set (a local bench). */
    public static MeasurementPlan uniform(PromptSet set, int warmups, int repetitions, Timeouts timeouts,
                                          boolean unloadAfter) {
        if (repetitions < 1 || repetitions > MAX_REPETITIONS) {
            throw new IllegalArgumentException("repetitions " + repetitions + " is out of range 1.." + MAX_REPETITIONS);
        }
        return new MeasurementPlan(set.version(),
                set.prompts().stream().map(p -> new PlannedPrompt(p, null, 0, repetitions)).toList(),
                warmups, timeouts, unloadAfter);
    }

    /** Requests the plan makes in all: the cold one, the warm-ups and the measured ones. */
    public int totalRequests() {
        return 1 + warmups + prompts.stream().mapToInt(PlannedPrompt::repetitions).sum();
    }

    /** The largest repetition count of any prompt (rounds of the measured phase). */
    int rounds() {
        return prompts.stream().mapToInt(PlannedPrompt::repetitions).max().orElse(0);
    }
}
