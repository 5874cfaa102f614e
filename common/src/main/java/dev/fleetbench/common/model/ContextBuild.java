package dev.fleetbench.common.model;

import java.util.Objects;

/**
 * How the worker built the prompt of a context-length sweep ({@link PromptSpec#contextTokens()}) for the model that
 * ran it. With the model's own tokenizer the prompt has exactly {@code tokens} prompt tokens as the engine counts
 * them; without one (an engine that exposes no tokenizer, or a tokenizer that failed) its length is an approximation
 * of {@code charsPerToken} characters per token, and {@code approximate} says so: such a sample's length is the
 * length asked for, not a count. Immutable.
 *
 * @param targetTokens  the prompt length asked for, tokens (≥ 1)
 * @param tokens        the prompt's tokens: counted by the model's tokenizer (chat template and begin-of-sequence token
 *                      included), or the approximation's estimate (then equal to {@code targetTokens})
 * @param approximate   true when no tokenizer counted the tokens
 * @param charsPerToken characters per token of the approximation; null when a tokenizer counted
 * @param method        how it was built, in words ("counted with the model's tokenizer", "approximated at 4
 *                      characters per token: the engine exposes no tokenizer"); never null
 */
public record ContextBuild(int targetTokens, int tokens, boolean approximate, Integer charsPerToken, String method) {

    public ContextBuild {
        if (targetTokens < 1) {
            throw new IllegalArgumentException("a context prompt's target length must be at least 1 token, got "
                    + targetTokens);
        }
        if (tokens < 0) {
            throw new IllegalArgumentException("a context prompt's token count must not be negative, got " + tokens);
        }
        if (approximate != (charsPerToken != null)) {
            throw new IllegalArgumentException("an approximate context prompt names its characters per token, a counted"
                    + " one does not");
        }
        Objects.requireNonNull(method, "method");
    }
}
