package dev.fleetbench.worker.engine;

/**
 * The loaded model's own tokenizer as the engine applies it to a request: how many prompt tokens one user message
 * becomes (chat template or plain format and the begin-of-sequence token included), and the context window the model
 * was loaded with. Thread-safe as the engine is.
 */
public interface PromptTokens {

    /** Prompt tokens of a request whose only message is this user text. */
    int count(String userText) throws EngineException;

    /** The context window the model was loaded with, in tokens (prompt and answer together). */
    int contextWindow();
}
