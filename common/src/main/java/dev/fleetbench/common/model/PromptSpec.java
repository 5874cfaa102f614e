package dev.fleetbench.common.model;


/**
 * One benchmark prompt.
 *
 * @param id        short stable id, letters, digits, '.', '_' or '-' (1–64 characters)
 * @param category  use case the prompt stands for
 * @param text      the user message; never blank
 * @param maxTokens upper bound on generated tokens, 1–32768
 * @param expect    optional quality check on the answer; null when there is none
 */
public record PromptSpec(String id, UseCase category, String text, int maxTokens, Expectation expect) {

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
    }

    /** The same prompt with another token budget. */
    public PromptSpec withMaxTokens(int tokens) {
        return new PromptSpec(id, category, text, tokens, expect);
    }
}
