package dev.fleetbench.worker.measure;

import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.SampleKind;

/**
 * What a sample needs to know besides its measurements.
 *
 * @param model       the variant id that runs
 * @param prompt      the prompt
 * @param cellId      campaign cell, or null
 * @param kind        cold, warmup or measured
 * @param repetition  0-based index within its kind
 * @param placement   campaign placement, or {@link Placement#LOCAL}
 * @param fingerprint provenance
 */
public record SampleContext(String model, PromptSpec prompt, String cellId, SampleKind kind, int repetition,
                            Placement placement, Fingerprint fingerprint) {
}
