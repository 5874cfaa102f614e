package dev.fleetbench.common.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ordered set of prompts. Its {@link #version()} is a content hash, so every sample can say exactly which
 * prompts it answered, and two campaigns with different prompts are never pooled by accident.
 *
 * @param prompts the prompts, in order; not empty, ids unique
 */
public record PromptSet(List<PromptSpec> prompts) {

    /** Token budget of the default prompts. */
    public static final int DEFAULT_MAX_TOKENS = 128;

    public PromptSet {
        if (prompts == null || prompts.isEmpty()) {
            throw new IllegalArgumentException("prompts: at least one prompt is needed");
        }
        prompts = List.copyOf(prompts);
        Set<String> seen = new HashSet<>();
        for (PromptSpec p : prompts) {
            if (!seen.add(p.id())) {
                throw new IllegalArgumentException("prompts: id '" + p.id() + "' is used twice");
            }
        }
    }

    /** The prompts people in the seed labs asked every model first. */
    public static PromptSet defaults() {
        return new PromptSet(List.of(
                new PromptSpec("edge-ai-sentence", UseCase.CHAT, "Explain edge AI in one sentence.", DEFAULT_MAX_TOKENS, null),
                new PromptSpec("quantum-simple", UseCase.CHAT, "Explain quantum computing in simple terms.", DEFAULT_MAX_TOKENS, null),
                new PromptSpec("python-sort", UseCase.CODE, "Write a Python function to sort a list.", DEFAULT_MAX_TOKENS, null),
                new PromptSpec("remote-work", UseCase.REASONING, "What are the pros and cons of remote work?", DEFAULT_MAX_TOKENS, null),
                new PromptSpec("edge-ai-summary", UseCase.SUMMARIZATION, "Summarize the benefits of edge AI.", DEFAULT_MAX_TOKENS, null)));
    }

    /** Content hash (12 hex digits) of ids, categories, texts, token budgets and checks, in order. */
    public String version() {
        StringBuilder canonical = new StringBuilder();
        for (PromptSpec p : prompts) {
            canonical.append(p.id()).append('\u0000').append(p.category().wire()).append('\u0000')
                    .append(p.text()).append('\u0000').append(p.maxTokens()).append('\u0000')
                    .append(p.expect() == null ? "" : p.expect().canonical()).append('\u0001');
        }
        return HardwareProfile.sha256Hex(canonical.toString()).substring(0, 12);
    }

    /** The same prompts with one token budget for all. */
    public PromptSet withMaxTokens(int tokens) {
        return new PromptSet(prompts.stream().map(p -> p.withMaxTokens(tokens)).toList());
    }
}
