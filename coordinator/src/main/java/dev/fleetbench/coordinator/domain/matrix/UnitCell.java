package dev.fleetbench.coordinator.domain.matrix;

import dev.fleetbench.common.model.PromptSpec;

/** One cell as a lease unit carries it: its id, its prompt and how many measured repetitions it needs. */
public record UnitCell(String cellId, PromptSpec prompt, int planned) {
}
