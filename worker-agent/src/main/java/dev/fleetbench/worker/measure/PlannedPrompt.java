package dev.fleetbench.worker.measure;

import dev.fleetbench.common.model.PromptSpec;
import java.util.Objects;

/**
 * One prompt of a plan with the measured repetitions to run for it.
 *
 * @param prompt          the prompt
 * @param cellId          the campaign cell its samples belong to; null for a local bench
 * @param firstRepetition index of its first repetition (those before were measured by an earlier attempt)
 * @param repetitions     measured repetitions to run now, 0 or more
 */
public record PlannedPrompt(PromptSpec prompt, String cellId, int firstRepetition, int repetitions) {

    public PlannedPrompt {
        Objects.requireNonNull(prompt, "prompt");
        if (firstRepetition < 0 || repetitions < 0) {
            throw new IllegalArgumentException("repetitions must not be negative");
        }
    }
}
