package dev.fleetbench.coordinator.domain.prediction;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.MemoryBandwidth;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.recommend.ServiceLevels;
import dev.fleetbench.coordinator.domain.placement.Placement;
import java.util.Locale;
import java.util.Optional;

/**
 * Predicts a cell's decode rate and memory fit from the machine's measured memory bandwidth and the model's size,
 * before anything runs. Pure.
 *
 * <p><b>Decode.</b> Generating one token reads every weight once, plus the key/value cache of the context so far,
 * and on a CPU that reading, not the arithmetic, sets the pace. So
 * <pre>
 *   decode tok/s ≈ B ÷ (W + K × (P + A/2))
 * </pre>
 * with B the measured bandwidth (bytes/s), W the model file's size (bytes; the weights, and a small header), K the
 * key/value cache per token of context (bytes; from the catalog, 0 when unknown), P the prompt's tokens and A its
 * answer budget ({@code max_tokens}; the middle of the answer stands for all of it). Assumptions, each making the
 * figure an upper bound: the weights are read once per token and nothing else is (activations, the output
 * distribution and the engine's own work cost time too); the bandwidth is reached (the probe copies with all cores;
 * an engine on fewer threads reads slower; a model small enough to sit in a cache is not held back by memory, so the
 * bound fails for tiny models). Only CPU variants are predicted: a GPU or NPU reads memory the probe does not measure. P is the exact length of a context-sweep prompt, else the prompt's characters ÷ 4 (said so).
 *
 * <p><b>Memory.</b>
 * <pre>
 *   need ≈ W + K × (P + A) + R
 * </pre>
 * with R = {@link Placement#FIXED_OVERHEAD_BYTES} for the runtime's buffers; it fits when the need is at most the
 * memory the machine had free when it registered (else 80 % of its total, as placement reckons). An engine that
 * allocates its whole context window up front (llama.cpp does) needs K × window instead of K × (P + A).
 */
public final class Predictor {

    /** Characters per token of the estimate for an ordinary prompt (English text and common tokenizers). */
    public static final int CHARS_PER_TOKEN = 4;

    private Predictor() {
    }

    /**
     * The prediction of a cell; empty when the machine's bandwidth was not measured, the variant's size is unknown, or
     * the variant runs on a GPU or NPU (whose memory the probe does not measure): such a cell runs as any other.
     */
    public static Optional<CellPrediction> predict(MemoryBandwidth bandwidth, MemoryInfo memory, ModelVariant variant,
                                                   PromptSpec prompt) {
        if (bandwidth == null || variant == null || variant.fileSizeBytes() <= 0
                || variant.deviceType() != DeviceType.CPU) {
            return Optional.empty();
        }
        boolean estimated = prompt.contextTokens() == null;
        int promptTokens = estimated ? (prompt.text().length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN
                : prompt.contextTokens();
        long kv = variant.kvBytesPerToken() == null ? 0 : variant.kvBytesPerToken();
        long weights = variant.fileSizeBytes();
        // the middle of the answer: P + A/2 tokens of context are read for the average token
        long bytesPerToken = weights + Math.round(kv * (promptTokens + prompt.maxTokens() / 2.0));
        double tps = bandwidth.bytesPerSecond() / bytesPerToken;
        long need = weights + kv * ((long) promptTokens + prompt.maxTokens()) + Placement.FIXED_OVERHEAD_BYTES;
        long available = memory == null ? 0 : memory.availableBytes() > 0 ? memory.availableBytes()
                : (long) (memory.totalBytes() * 0.8);
        return Optional.of(new CellPrediction(tps, bandwidth.gbPerSecond(), bytesPerToken, weights,
                variant.kvBytesPerToken(), promptTokens, estimated, need, available,
                available > 0 ? need <= available : null));
    }

    /**
     * True when the predicted decode rate misses the service levels' minimum by more than {@code factor}: even
     * {@code factor} times the prediction stays below it. A campaign without a minimum (0) never skips.
     */
    public static boolean tooSlow(CellPrediction p, ServiceLevels slo, double factor) {
        return slo.decodeP50MinTps() > 0 && p.decodeTps() * factor < slo.decodeP50MinTps();
    }

    /** The reason a skipped cell carries: the prediction, what it rests on, and the level it misses. */
    public static String tooSlowReason(CellPrediction p, ServiceLevels slo, double factor) {
        return String.format(Locale.ROOT, "predicted %s tok/s decode (%.1f GB/s measured bandwidth ÷ %.1f MB read per"
                        + " token), more than %s× below the minimum of %s tok/s (slo.decode_p50_min_tps); not run"
                        + " (skip_predicted_too_slow)", figure(p.decodeTps()), p.bandwidthGbPerSecond(),
                p.bytesPerToken() / 1e6, figure(factor), figure(slo.decodeP50MinTps()));
    }

    /** Three significant figures at most, no exponent: 0.0123, 4.82, 1250. */
    static String figure(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
