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

    /**
     * Engine-timings key of the prompt tokens the engine reports as served from its cache (llama.cpp's
     * {@code timings.cache_n}); present only when positive. Such a request did not pay for its whole prompt: the
     * measurement keeps its TTFT and prefill rate out of the statistics.
     */
    public static final String CACHED_PROMPT_TOKENS = "cached_prompt_tokens";

    /**
     * Engine-timings key of how many times the request was sent again, on a fresh connection, because the server
     * had closed the kept-alive connection it was first written on before any byte of an answer came back; present
     * only when positive. The measurement's {@code t_send} is that of the attempt that was answered.
     */
    public static final String CONNECTION_RETRIES = "connection_retries";

    public ChatResult {
        engineTimings = engineTimings == null ? Map.of() : Map.copyOf(engineTimings);
    }
}
