package dev.fleetbench.worker.engine.openai;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one {@code data:} payload of an OpenAI-compatible chat stream means, as {@link ChunkDecoder} reads it. */
public sealed interface StreamEvent permits StreamEvent.Chunk, StreamEvent.EngineError, StreamEvent.Malformed {

    /**
     * A {@code chat.completion.chunk}. One chunk may carry several things at once (content and a finish reason;
     * usage next to the last delta), so every part is a nullable field rather than a separate event type.
     *
     * @param role         {@code delta.role}, null when absent
     * @param reasoning    reasoning text ({@code delta.reasoning_content} or {@code delta.reasoning}); null when none or empty
     * @param content      answer text ({@code delta.content}); null when none or empty
     * @param finishReason {@code finish_reason} ("stop", "length", …); null when absent
     * @param usage        {@code usage}; null when absent or null
     * @param timings      every numeric field of a llama.cpp {@code timings} object, in the engine's order; empty when absent
     */
    record Chunk(String role, String reasoning, String content, String finishReason, Usage usage,
                 Map<String, Double> timings) implements StreamEvent {

        public Chunk {
            // keeps the engine's order, for people reading it
            timings = timings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(timings));
        }

        /** True when the chunk carries generated text, i.e. it is a token chunk in the sense of metrics.md. */
        public boolean hasText() {
            return reasoning != null || content != null;
        }
    }

    /**
     * An error the engine reported inside the stream ({@code data: {"error": …}}).
     *
     * @param message the engine's message, never null
     * @param type    {@code error.type}, null when absent
     * @param code    {@code error.code} as text, null when absent
     */
    record EngineError(String message, String type, String code) implements StreamEvent {
    }

    /**
     * A payload that is not a chunk at all (invalid JSON, not an object).
     *
     * @param reason  what is wrong
     * @param excerpt the start of the payload, for people
     */
    record Malformed(String reason, String excerpt) implements StreamEvent {
    }

    /**
     * Token usage as the engine reports it; each count null when absent or not a number.
     */
    record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens) {
    }
}
