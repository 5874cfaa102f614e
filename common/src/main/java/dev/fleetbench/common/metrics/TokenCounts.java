package dev.fleetbench.common.metrics;

/**
 * Token counts of one request and where they came from ({@code metrics.md}: the engine's {@code usage}, else the
 * model's tokenizer, else the number of token chunks, flagged approximate).
 *
 * @param nIn         prompt tokens; null when unknown
 * @param nOut        generated tokens; never negative
 * @param approximate true when {@code nOut} is a chunk count rather than a token count
 */
public record TokenCounts(Integer nIn, int nOut, boolean approximate) {

    public TokenCounts {
        if (nOut < 0 || (nIn != null && nIn < 0)) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /**
     * Picks the best available source, in the order metrics.md fixes.
     *
     * @param usageIn      prompt tokens from the engine's usage, or null
     * @param usageOut     completion tokens from the engine's usage, or null
     * @param tokenizerIn  prompt tokens counted with the model's tokenizer, or null
     * @param tokenizerOut answer tokens counted with the model's tokenizer, or null
     * @param tokenChunks  number of token chunks seen
     */
    public static TokenCounts resolve(Integer usageIn, Integer usageOut, Integer tokenizerIn, Integer tokenizerOut,
                                      int tokenChunks) {
        Integer in = usageIn != null ? usageIn : tokenizerIn;
        if (usageOut != null) {
            return new TokenCounts(in, usageOut, false);
        }
        if (tokenizerOut != null) {
            return new TokenCounts(in, tokenizerOut, false);
        }
        return new TokenCounts(in, tokenChunks, true);
    }
}
