package dev.fleetbench.common.model;


/**
 * One benchmark prompt.
 *
 * @param id        short stable id, letters, digits, '.', '_' or '-' (1–64 characters)
 * @param category  use case the prompt stands for
 * @param text      the user message; never blank
 * @param maxTokens upper bound on generated tokens, 1–32768
 * @param expect    optional quality check on the answer; null when there is none
 * @param contextTokens for a prompt of the context-length sweep, its length in prompt tokens: the worker builds the
 *                  prompt for the loaded model (public-domain text and a short task) and {@code text} only describes
 *                  it; null for an ordinary prompt (and then absent from the JSON)
 */
public record PromptSpec(String id, UseCase category, String text, int maxTokens, Expectation expect,
                         @com.fasterxml.jackson.annotation.JsonInclude(
                                 com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Integer contextTokens) {

    /** Longest prompt of a context-length sweep, tokens. */
    public static final int MAX_CONTEXT_TOKENS = 1_048_576;

    /** An ordinary prompt. */
    public PromptSpec(String id, UseCase category, String text, int maxTokens, Expectation expect) {
        this(id, category, text, maxTokens, expect, null);
    }

    public static final int MAX_TOKENS_LIMIT = 32_768;

    public PromptSpec {
        // Ids end up in file names, URLs and SQL keys: keep them plain.
        if (!Ids.Shape.NAME.matches(id)) {
            throw new IllegalArgumentException("prompt id '" + id + "' is invalid; use " + Ids.Shape.NAME.words());
        }
        if (category == null) {
            throw new IllegalArgumentException("prompt '" + id + "': category is missing");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("prompt '" + id + "': text is missing");
        }
        if (maxTokens < 1 || maxTokens > MAX_TOKENS_LIMIT) {
            throw new IllegalArgumentException("prompt '" + id + "': max_tokens " + maxTokens
                    + " is out of range 1.." + MAX_TOKENS_LIMIT);
        }
        if (contextTokens != null && (contextTokens < 1 || contextTokens > MAX_CONTEXT_TOKENS)) {
            throw new IllegalArgumentException("prompt '" + id + "': context length " + contextTokens
                    + " is out of range 1.." + MAX_CONTEXT_TOKENS);
        }
    }

    /** A prompt of the context-length sweep: {@code tokens} prompt tokens built on the worker, a summary task. */
    public static PromptSpec context(int tokens, int maxTokens) {
        return new PromptSpec("context-" + tokens, UseCase.SUMMARIZATION, "public-domain text of " + tokens
                + " prompt tokens with a one-sentence summary task, built for each model", maxTokens, null, tokens);
    }

    /** The same prompt with another token budget. */
    public PromptSpec withMaxTokens(int tokens) {
        return new PromptSpec(id, category, text, tokens, expect, contextTokens);
    }
}
