package dev.fleetbench.coordinator.domain.prediction;

/**
 * What {@link Predictor} expects of one cell (a model variant on a machine with a prompt) before it runs: an estimate,
 * never a measurement. Immutable.
 *
 * @param decodeTps             predicted decode rate, tokens/s: bandwidth ÷ bytes read per token
 * @param bandwidthGbPerSecond  the machine's measured memory bandwidth it rests on, GB/s
 * @param bytesPerToken         bytes read per generated token: the weights plus the key/value cache read at the
 *                              middle of the answer
 * @param weightBytes           the model file's size, bytes
 * @param kvBytesPerToken       key/value cache per token of context, bytes; null when the catalog does not say (then
 *                              the cache is left out of both figures, and {@code kvKnown} is false)
 * @param promptTokens          prompt tokens: the exact length of a context-sweep prompt, else its characters ÷ 4
 * @param promptTokensEstimated true when {@code promptTokens} is the characters ÷ 4 estimate
 * @param memoryBytes           predicted memory need: weights + key/value cache of prompt and answer + fixed runtime
 *                              buffers
 * @param availableBytes        memory the machine had free when it registered (else 80 % of its total); 0 unknown
 * @param fits                  memoryBytes ≤ availableBytes; null when the machine's memory is unknown
 */
public record CellPrediction(double decodeTps, double bandwidthGbPerSecond, long bytesPerToken, long weightBytes,
                             Long kvBytesPerToken, int promptTokens, boolean promptTokensEstimated, long memoryBytes,
                             long availableBytes, Boolean fits) {

    /** Whether the key/value cache entered the figures. */
    public boolean kvKnown() {
        return kvBytesPerToken != null;
    }
}
