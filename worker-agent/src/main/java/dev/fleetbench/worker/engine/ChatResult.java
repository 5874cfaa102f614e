package dev.fleetbench.worker.engine;

import java.util.Map;

/**
 * How a streamed request ended, beyond the chunks the listener already saw.
 *
 * @param finishReason        "stop", "length", … as the engine said; null when it did not say (legacy Foundry)
 * @param usagePromptTokens   prompt tokens from the engine's usage; null when absent
 * @param usageOutputTokens   completion tokens from the engine's usage; null when absent
 * @param countedPromptTokens prompt tokens counted with the model's tokenizer; null when the engine cannot count
 * @param countedOutputTokens answer tokens counted with the model's tokenizer; null when the engine cannot count
 * @param engineTimings       the engine's own figures about itself (llama.cpp {@code timings}), possibly empty
 */
public record ChatResult(
        String finishReason,
        Integer usagePromptTokens,
        Integer usageOutputTokens,
        Integer countedPromptTokens,
        Integer countedOutputTokens,
        Map<String, Double> engineTimings) {

    public ChatResult {
        engineTimings = engineTimings == null ? Map.of() : Map.copyOf(engineTimings);
    }
}
