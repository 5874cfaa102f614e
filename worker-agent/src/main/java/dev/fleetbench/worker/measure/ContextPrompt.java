package dev.fleetbench.worker.measure;

import dev.fleetbench.common.model.ContextBuild;
import dev.fleetbench.worker.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prompts of a chosen length in tokens, for the context-length sweep: public-domain text (the opening of <i>Alice's
 * Adventures in Wonderland</i>, shipped with the agent, repeated as needed) followed by a short task about it, so the
 * answer is real. With the model's own tokenizer the prompt has exactly the asked number of prompt tokens as the
 * engine counts them (template and begin-of-sequence token included); without one, an approximation of 4 characters
 * per token, flagged as such. A model whose context window cannot hold the prompt and its answer is a
 * {@link Outcome#doesNotFit} result naming its limit, not an error. Pure apart from the tokenizer it is given.
 */
public final class ContextPrompt {

    /** The task every context prompt ends with. */
    public static final String TASK = "\n\nIn one sentence, what is the text above about?";

    /** Characters per token of the approximation used without a tokenizer (English prose under BPE tokenizers). */
    public static final int APPROX_CHARS_PER_TOKEN = 4;

    private static final List<String> WORDS = words(load());
    /** Pieces that add one token under most tokenizers, tried in order. */
    private static final List<String> TOP_UP = List.of(" .", ".", " a", "a", ",", "\n", " ");

    /** Counts the prompt tokens of a user message with the model's tokenizer. */
    @FunctionalInterface
    public interface Counter {
        int count(String userText) throws EngineException;
    }

    /**
     * A built prompt or the reason it was not built.
     *
     * @param text          the prompt; null when it does not fit
     * @param tokens        its prompt tokens (counted, or the approximation's estimate)
     * @param approximate   true when no tokenizer counted them
     * @param doesNotFit    null when built; else why the model cannot take it, naming its context window
     * @param reason        why it was approximated (e.g. "the engine exposes no tokenizer"); null when counted or not
     *                      said
     */
    public record Outcome(String text, int tokens, boolean approximate, String doesNotFit, String reason) {

        Outcome(String text, int tokens, boolean approximate, String doesNotFit) {
            this(text, tokens, approximate, doesNotFit, null);
        }

        static Outcome doesNotFit(String why) {
            return new Outcome(null, 0, false, why);
        }

        /** The same outcome with the reason it had to be approximated. */
        public Outcome because(String why) {
            return new Outcome(text, tokens, approximate, doesNotFit, why);
        }

        /**
         * How a built prompt was made, as every sample of it records it: counted with the model's tokenizer, or the
         * approximation with its characters per token and its reason.
         *
         * @throws IllegalStateException for a prompt that does not fit (it was not built)
         */
        public ContextBuild describe(int target) {
            if (doesNotFit != null) {
                throw new IllegalStateException("a prompt that does not fit was not built: " + doesNotFit);
            }
            if (!approximate) {
                return new ContextBuild(target, tokens, false, null, "counted with the model's tokenizer");
            }
            return new ContextBuild(target, tokens, true, APPROX_CHARS_PER_TOKEN, "approximated at "
                    + APPROX_CHARS_PER_TOKEN + " characters per token" + (reason == null ? "" : ": " + reason));
        }
    }

    private ContextPrompt() {
    }

    /**
     * A prompt of exactly {@code target} tokens by {@code counter}, or as close as the tokenizer allows from below
     * (then {@link Outcome#tokens} says how many).
     *
     * @param contextWindow the model's context window, tokens
     * @param maxTokens     the answer's budget, which must fit beside the prompt
     */
    public static Outcome exact(int target, int contextWindow, int maxTokens, Counter counter) throws EngineException {
        checkTarget(target);
        if (target + maxTokens > contextWindow) {
            return Outcome.doesNotFit(tooLong(target, maxTokens, contextWindow));
        }
        int floor = counter.count(TASK.strip());
        if (floor > target) {
            return Outcome.doesNotFit("the task alone takes " + floor + " tokens, more than " + target);
        }
        // The longest word prefix that fits: token counts grow with the words (give or take a merge at the seam).
        int lo = 0;
        int hi = 1;
        while (counter.count(text(hi)) <= target) {
            lo = hi;
            hi *= 2;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (counter.count(text(mid)) <= target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        String best = text(lo);
        int tokens = counter.count(best);
        // Top up with small pieces before the task until the count is exact; a piece that overshoots (it merged
        // differently at the seam) gives way to the next.
        String body = body(lo);
        for (int i = 0; i < 64 && tokens < target; i++) {
            boolean grew = false;
            for (String piece : TOP_UP) {
                int n = counter.count(body + piece + TASK);
                if (n <= target && n > tokens) {
                    body += piece;
                    best = body + TASK;
                    tokens = n;
                    grew = true;
                    break;
                }
            }
            if (!grew) {
                break;
            }
        }
        return new Outcome(best, tokens, false, null);
    }

    /** Without a tokenizer: {@value #APPROX_CHARS_PER_TOKEN} characters per token, flagged approximate. */
    public static Outcome approximate(int target, Integer contextWindow, int maxTokens) {
        checkTarget(target);
        if (contextWindow != null && target + maxTokens > contextWindow) {
            return Outcome.doesNotFit(tooLong(target, maxTokens, contextWindow));
        }
        int chars = Math.max(0, target * APPROX_CHARS_PER_TOKEN - TASK.length());
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < chars; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS.get(i % WORDS.size()));
        }
        String body = b.length() > chars ? b.substring(0, chars) : b.toString();
        return new Outcome(body.strip() + TASK, target, true, null);
    }

    private static String tooLong(int target, int maxTokens, int contextWindow) {
        return "a prompt of " + target + " tokens and an answer of up to " + maxTokens
                + " tokens need more than the model's context window of " + contextWindow + " tokens";
    }

    private static void checkTarget(int target) {
        if (target < 1 || target > 1_048_576) {
            throw new IllegalArgumentException("context length must be between 1 and 1048576 tokens, got " + target);
        }
    }

    private static String text(int words) {
        return body(words) + TASK;
    }

    private static String body(int words) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS.get(i % WORDS.size()));
        }
        return b.toString();
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return List.copyOf(out);
    }

    private static String load() {
        try (InputStream in = Objects.requireNonNull(ContextPrompt.class.getResourceAsStream(
                "/dev/fleetbench/worker/context/alice-chapter-1.txt"), "context text missing from the agent")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
