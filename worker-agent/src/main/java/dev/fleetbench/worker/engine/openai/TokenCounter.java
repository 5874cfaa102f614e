package dev.fleetbench.worker.engine.openai;

import dev.fleetbench.worker.engine.ChatMessage;
import java.util.List;

/**
 * Counts tokens with the server's own tokenizer when a stream carries no {@code usage}. The default is llama.cpp's
 * {@code /tokenize} ({@link LlamaTokenizer}); Foundry Local brings its own count route. Best effort: a counter
 * returns null rather than failing, and the measurement then counts chunks and flags the count approximate.
 * Implementations must be thread-safe.
 */
public interface TokenCounter {

    /** Prompt tokens of these messages as the server counts them; null when it cannot say. */
    Integer countPrompt(String model, List<ChatMessage> messages);

    /** Tokens of a generated answer; null when the server cannot say. */
    Integer countAnswer(String model, String text);
}
