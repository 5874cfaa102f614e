package dev.fleetbench.coordinator.domain.context;

import java.util.Objects;

/**
 * One measured, counted sample of a context-length prompt, as the context curves need it. Immutable.
 *
 * @param hardwareClass the class stored with the sample's hardware profile
 * @param model         the model variant that ran
 * @param promptId      its prompt ({@code context-N})
 * @param workerId      the machine
 * @param cellId        its cell (machine × variant × prompt); never null ("" when unknown)
 * @param ok            true when the request succeeded
 * @param failureCode   the failure code of a failed sample ("DOES_NOT_FIT", "TIMEOUT", …); null when ok
 * @param failureMessage why it failed, e.g. the context window it does not fit; null when ok
 * @param ttftMs        time to first token, ms; null when undefined
 * @param prefillTps    prefill rate, tokens/s; null when undefined
 * @param peakRssBytes  the engine's peak resident memory during the request, bytes; null when not sampled
 * @param approximate   true when its prompt's length was approximated (no tokenizer counted it)
 */
public record ContextSample(String hardwareClass, String model, String promptId, String workerId, String cellId,
                            boolean ok, String failureCode, String failureMessage, Double ttftMs, Double prefillTps,
                            Long peakRssBytes, boolean approximate) {

    public ContextSample {
        Objects.requireNonNull(hardwareClass, "hardwareClass");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(promptId, "promptId");
        cellId = cellId == null ? "" : cellId;
    }

    /** True for a prompt that was not sent because the model's context window cannot hold it. */
    public boolean doesNotFit() {
        return "DOES_NOT_FIT".equals(failureCode);
    }
}
