package dev.fleetbench.worker.gguf;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link GgufReader} found in a GGUF file's header: metadata and tensor infos, never tensor data. Immutable.
 *
 * @param file        the file read
 * @param fileSize    its size in bytes
 * @param version     GGUF version (2 or 3)
 * @param metadata    key → value in file order; values are String, Long (every integer type), Double (both float
 *                    types), Boolean or {@link GgufArray}
 * @param tensors     tensor infos in file order
 * @param alignment   data alignment in bytes ({@code general.alignment}, default 32)
 * @param dataOffset  file offset where the tensor data section starts
 */
public record GgufFile(Path file, long fileSize, int version, Map<String, Object> metadata,
                       List<TensorInfo> tensors, int alignment, long dataOffset) {

    public GgufFile {
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = List.copyOf(tensors);
    }

    /** A string value, if the key is present with a string. */
    public Optional<String> string(String key) {
        return metadata.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** An integer value (any integer width), if present. */
    public Optional<Long> integer(String key) {
        return metadata.get(key) instanceof Long l ? Optional.of(l) : Optional.empty();
    }

    /** {@code general.architecture}, e.g. "llama"; "unknown" when absent. */
    public String architecture() {
        return string("general.architecture").orElse("unknown");
    }

    /** {@code general.name}; null when absent. */
    public String name() {
        return string("general.name").orElse(null);
    }

    /** {@code <arch>.context_length}; 0 when absent. */
    public long contextLength() {
        return archInteger("context_length");
    }

    /** {@code <arch>.embedding_length}; 0 when absent. */
    public long embeddingLength() {
        return archInteger("embedding_length");
    }

    /** {@code <arch>.block_count} (layers); 0 when absent. */
    public long blockCount() {
        return archInteger("block_count");
    }

    /**
     * Bytes of key/value cache per token of context as llama.cpp stores it by default (16-bit keys and values):
     * 2 × layers × (embedding ÷ heads × key/value heads) × 2; 0 when the header lacks a dimension.
     */
    public long kvBytesPerToken() {
        long heads = archInteger("attention.head_count");
        long kvHeads = integer(architecture() + ".attention.head_count_kv").orElse(heads);
        if (heads <= 0 || kvHeads <= 0 || blockCount() <= 0 || embeddingLength() <= 0) {
            return 0;
        }
        return 2 * blockCount() * (embeddingLength() / heads * kvHeads) * 2;
    }

    private long archInteger(String suffix) {
        return integer(architecture() + "." + suffix).orElse(0L);
    }

    /** {@code tokenizer.chat_template} when the model ships one. */
    public Optional<String> chatTemplate() {
        return string("tokenizer.chat_template").filter(s -> !s.isBlank());
    }

    /** {@code tokenizer.ggml.model}, e.g. "llama" (SentencePiece) or "gpt2" (BPE); null when absent. */
    public String tokenizerModel() {
        return string("tokenizer.ggml.model").orElse(null);
    }

    /** Number of tokens in the vocabulary ({@code tokenizer.ggml.tokens} length); 0 when absent. */
    public long vocabularySize() {
        return metadata.get("tokenizer.ggml.tokens") instanceof GgufArray a ? a.length() : 0;
    }

    /** Sum of the element counts of all tensors (as llama.cpp reports it: a tied output stored twice counts twice). */
    public long parameterCount() {
        long n = 0;
        for (TensorInfo t : tensors) {
            n += t.elementCount();
        }
        return n;
    }

    /** The tensor type holding the most elements ("F32", "Q4_K"); null for a file without tensors. */
    public String dominantTensorType() {
        Map<String, Long> byType = new LinkedHashMap<>();
        for (TensorInfo t : tensors) {
            byType.merge(t.typeName(), t.elementCount(), Long::sum);
        }
        return byType.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }
}
