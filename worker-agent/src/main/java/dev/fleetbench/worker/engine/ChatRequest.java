package dev.fleetbench.worker.engine;

import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One streamed chat request.
 *
 * @param model       the full variant id to run (already resolved from an alias)
 * @param messages    the conversation; not empty
 * @param maxTokens   upper bound on generated tokens
 * @param temperature sampling temperature; 0 = greedy (the benchmark default, for repeatable answers)
 * @param seed        sampling seed, for engines that take one
 * @param timeouts    time limits
 * @param cancelled   polled between chunks; when it turns true the engine stops and fails with CANCELLED
 */
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        int maxTokens,
        double temperature,
        long seed,
        Timeouts timeouts,
        BooleanSupplier cancelled) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        Objects.requireNonNull(timeouts, "timeouts");
        cancelled = cancelled == null ? () -> false : cancelled;
    }

    /** The usual benchmark request: one user message, greedy, seed 42. */
    public static ChatRequest greedy(String model, String prompt, int maxTokens, Timeouts timeouts) {
        return new ChatRequest(model, List.of(ChatMessage.user(prompt)), maxTokens, 0.0, 42, timeouts, null);
    }
}
