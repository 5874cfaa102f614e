package dev.fleetbench.worker.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

/**
 * Writes synthetic llama models: real architecture and real compute, deterministic random F32 weights, so a demo
 * matrix has models of different cost without downloading anything. Presets {@code synthetic-8m},
 * {@code synthetic-30m} and {@code synthetic-120m} have parameter counts close to their names.
 *
 * <p>Weights are uniform-sum ("triangular", normal-ish) values with standard deviation 0.02 from one
 * {@link SplittableRandom} seeded by the spec, norms are 1, and the output rows of tokens that are not
 * {@linkplain SyntheticVocabulary#isGenerable generable} are zero: activations stay finite and greedy output is made
 * of words. {@code general.name} is {@code "fleetbench-synthetic-<name>"} so engines can recognise these models (they
 * have no meaningful end-of-sequence and should generate exactly the requested tokens). Stateless, thread-safe.
 */
public final class SyntheticModels {

    /** Prefix of {@code general.name} of every synthetic model. */
    public static final String NAME_PREFIX = "fleetbench-synthetic";
    private static final long DEFAULT_SEED = 20240601L;
    private static final float STD = 0.02f;
    /** Standard deviation of (u1 + u2 − 1) for two independent uniforms on [0, 1): sqrt(1/6). */
    private static final float TRIANGULAR_STD = (float) Math.sqrt(1.0 / 6.0);

    private static final Map<String, SyntheticSpec> PRESETS = new LinkedHashMap<>();

    static {
        preset(new SyntheticSpec("synthetic-8m", 256, 9, 4, 4, 768, 2048, DEFAULT_SEED, null));
        preset(new SyntheticSpec("synthetic-30m", 512, 8, 8, 8, 1664, 2048, DEFAULT_SEED, null));
        preset(new SyntheticSpec("synthetic-120m", 1024, 9, 16, 16, 2944, 2048, DEFAULT_SEED, null));
    }

    private static void preset(SyntheticSpec spec) {
        PRESETS.put(spec.name(), spec);
    }

    private SyntheticModels() {
    }

    /** Names of the presets, smallest first. */
    public static List<String> presetNames() {
        return List.copyOf(PRESETS.keySet());
    }

    /** The preset of that name, if it is one. */
    public static Optional<SyntheticSpec> preset(String name) {
        return Optional.ofNullable(PRESETS.get(name));
    }

    /** Vocabulary size of every synthetic model. */
    public static int vocabularySize() {
        return new SyntheticVocabulary().size();
    }

    /** Whether a GGUF header belongs to a model written here. */
    public static boolean isSynthetic(GgufFile gguf) {
        String name = gguf.name();
        return name != null && name.startsWith(NAME_PREFIX);
    }

    /**
     * Writes the model to {@code file} (replacing it), reporting progress 0–100.
     *
     * @return the number of parameters written
     */
    public static long write(SyntheticSpec spec, Path file, DoubleConsumer progress) throws IOException {
        SyntheticVocabulary vocab = new SyntheticVocabulary();
        int d = spec.embedding();
        int v = vocab.size();
        GgufWriter w = new GgufWriter(32)
                .putString("general.architecture", "llama")
                .putString("general.name", NAME_PREFIX + "-" + spec.name().replaceFirst("^synthetic-", ""))
                .putString("general.description", "FleetBench synthetic model: random weights, not trained")
                .putU32("general.file_type", 0)
                .putU32("fleetbench.synthetic.seed", spec.seed() & 0xFFFF_FFFFL)
                .putU32("llama.context_length", spec.contextLength())
                .putU32("llama.embedding_length", d)
                .putU32("llama.block_count", spec.layers())
                .putU32("llama.feed_forward_length", spec.feedForward())
                .putU32("llama.attention.head_count", spec.heads())
                .putU32("llama.attention.head_count_kv", spec.kvHeads())
                .putU32("llama.rope.dimension_count", spec.headDimension())
                .putF32("llama.rope.freq_base", 10000f)
                .putF32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .putU32("llama.vocab_size", v)
                .putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", vocab.tokens())
                .putF32Array("tokenizer.ggml.scores", vocab.scores())
                .putI32Array("tokenizer.ggml.token_type", vocab.tokenTypes())
                .putU32("tokenizer.ggml.unknown_token_id", SyntheticVocabulary.UNK)
                .putU32("tokenizer.ggml.bos_token_id", SyntheticVocabulary.BOS)
                .putU32("tokenizer.ggml.eos_token_id", SyntheticVocabulary.EOS)
                .putBool("tokenizer.ggml.add_bos_token", true)
                .putBool("tokenizer.ggml.add_eos_token", false);
        if (spec.chatTemplate() != null) {
            w.putString("tokenizer.chat_template", spec.chatTemplate());
        }
        // One generator for the whole file, consumed in tensor order: the bytes depend on the spec only.
        SplittableRandom rng = new SplittableRandom(spec.seed());
        long kv = spec.kvDimension();
        long ff = spec.feedForward();
        w.addTensor("token_embd.weight", new long[] {d, v}, sink -> random(sink, rng, (long) d * v));
        w.addTensor("output_norm.weight", new long[] {d}, sink -> ones(sink, d));
        w.addTensor("output.weight", new long[] {d, v}, sink -> {
            for (int token = 0; token < v; token++) {
                if (vocab.isGenerable(token)) {
                    random(sink, rng, d);
                } else {
                    for (int i = 0; i < d; i++) {
                        sink.put(0f);
                    }
                }
            }
        });
        for (int l = 0; l < spec.layers(); l++) {
            String p = "blk." + l + ".";
            w.addTensor(p + "attn_norm.weight", new long[] {d}, sink -> ones(sink, d));
            w.addTensor(p + "attn_q.weight", new long[] {d, d}, sink -> random(sink, rng, (long) d * d));
            w.addTensor(p + "attn_k.weight", new long[] {d, kv}, sink -> random(sink, rng, d * kv));
            w.addTensor(p + "attn_v.weight", new long[] {d, kv}, sink -> random(sink, rng, d * kv));
            w.addTensor(p + "attn_output.weight", new long[] {d, d}, sink -> random(sink, rng, (long) d * d));
            w.addTensor(p + "ffn_norm.weight", new long[] {d}, sink -> ones(sink, d));
            w.addTensor(p + "ffn_gate.weight", new long[] {d, ff}, sink -> random(sink, rng, d * ff));
            w.addTensor(p + "ffn_down.weight", new long[] {ff, d}, sink -> random(sink, rng, ff * d));
            w.addTensor(p + "ffn_up.weight", new long[] {d, ff}, sink -> random(sink, rng, d * ff));
        }
        w.write(file, progress);
        return spec.parameterCount(v);
    }

    private static void ones(GgufWriter.FloatSink sink, long n) throws IOException {
        for (long i = 0; i < n; i++) {
            sink.put(1f);
        }
    }

    /** Sum of two 24-bit uniforms from one 64-bit draw: cheap, bounded, bell-shaped enough for random weights. */
    private static void random(GgufWriter.FloatSink sink, SplittableRandom rng, long n) throws IOException {
        final float scale = STD / TRIANGULAR_STD / (1 << 24);
        for (long i = 0; i < n; i++) {
            long bits = rng.nextLong();
            int u1 = (int) (bits >>> 40);
            int u2 = (int) (bits >>> 16) & 0xFF_FFFF;
            sink.put((u1 + u2 - (1 << 24)) * scale);
        }
    }
}
