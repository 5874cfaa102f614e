package dev.fleetbench.worker.gguf;

import java.util.Objects;

/**
 * The shape of a synthetic llama model. Presets are in {@link SyntheticModels}; any other shape may be built for
 * tests. Immutable.
 *
 * @param name          model id and file name stem, e.g. "synthetic-30m"
 * @param embedding     embedding width (d_model)
 * @param layers        transformer blocks
 * @param heads         attention heads; {@code embedding} must be a multiple
 * @param kvHeads       key/value heads (grouped-query attention when fewer than {@code heads})
 * @param feedForward   feed-forward width
 * @param contextLength {@code llama.context_length}
 * @param seed          seed of the weights: same spec, same bytes
 * @param chatTemplate  {@code tokenizer.chat_template} to embed, or null for none (the presets have none)
 */
public record SyntheticSpec(String name, int embedding, int layers, int heads, int kvHeads, int feedForward,
                            int contextLength, long seed, String chatTemplate) {

    public SyntheticSpec {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("synthetic model name must be a plain file name stem: " + name);
        }
        if (embedding <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || feedForward <= 0 || contextLength <= 0) {
            throw new IllegalArgumentException("synthetic model dimensions must be positive: " + name);
        }
        if (embedding % heads != 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("embedding must divide into heads, heads into kv heads: " + name);
        }
    }

    /** Width of one attention head. */
    public int headDimension() {
        return embedding / heads;
    }

    /** Width of the key and value projections. */
    public int kvDimension() {
        return headDimension() * kvHeads;
    }

    /** Bytes of llama.cpp's default 16-bit key/value cache per token of context: 2 × layers × kv width × 2. */
    public long kvBytesPerToken() {
        return 4L * layers * kvDimension();
    }

    /** Parameters (tensor elements) for a vocabulary of {@code vocab} tokens, output matrix stored untied. */
    public long parameterCount(int vocab) {
        long d = embedding;
        long perLayer = 2 * d + 2 * d * d + 2 * d * kvDimension() + 3 * d * feedForward;
        return 2L * vocab * d + d + layers * perLayer;
    }

    /** Bytes of the file, header included, for a vocabulary of {@code vocab} tokens (approximate header size). */
    public long approximateFileBytes(int vocab) {
        return parameterCount(vocab) * 4 + 64L * 1024;
    }
}
