package dev.fleetbench.common.protocol;

import dev.fleetbench.common.model.PromptSpec;

/**
 * One prompt of a lease: the cell it measures and the repetitions still missing.
 *
 * @param cellId          the matrix cell (model variant × prompt × machine)
 * @param prompt          the prompt
 * @param firstRepetition index of the first repetition to run (the ones before it are already stored)
 * @param repetitions     how many measured repetitions to run now
 */
public record LeasePrompt(String cellId, PromptSpec prompt, int firstRepetition, int repetitions) {
}
