package dev.fleetbench.common.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-request metrics, derived exactly as {@code metrics.md} defines them. Every duration is in milliseconds,
 * rates in tokens per second. A value that is undefined for this request is null (e.g. {@code tpotMs} when only one
 * token was generated), never 0 or NaN.
 *
 * @param ttftMs            {@code t_first − t_send}; null without token chunks
 * @param ttfcMs            time to the first content chunk (differs from TTFT when the model reasons first); null without content
 * @param tpotMs            {@code (t_last − t_first) / (n_out − 1)}; null unless {@code n_out > 1} and {@code t_last > t_first}
 * @param e2eMs             {@code t_end − t_send}
 * @param decodeTps         {@code (n_out − 1) / (t_last − t_first)} = 1000 / tpot; null when tpot is
 * @param prefillTps        {@code n_in / ttft × 1000}; includes queueing and transport; null when n_in or ttft is unknown
 * @param nIn               prompt tokens, null when unknown
 * @param nOut              generated tokens
 * @param tokensApproximate true when nOut counts chunks, not tokens
 * @param itlGapsMs         every gap {@code t_c[i] − t_c[i−1]} (chunk level), in order
 */
public record RequestMetrics(
        Double ttftMs,
        Double ttfcMs,
        Double tpotMs,
        double e2eMs,
        Double decodeTps,
        Double prefillTps,
        Integer nIn,
        int nOut,
        boolean tokensApproximate,
        List<Double> itlGapsMs) {

    private static final double NANOS_PER_MS = 1_000_000.0;

    public RequestMetrics {
        itlGapsMs = itlGapsMs == null ? List.of() : List.copyOf(itlGapsMs);
    }

    /** Derives all metrics from one timeline and its token counts. Pure. */
    public static RequestMetrics derive(StreamTimeline t, TokenCounts counts) {
        int k = t.tokenChunks();
        double e2e = (t.endNanos() - t.sendNanos()) / NANOS_PER_MS;
        Double ttft = k == 0 ? null : (t.chunkNanos(0) - t.sendNanos()) / NANOS_PER_MS;
        Double ttfc = t.hasContent() ? (t.firstContentNanos() - t.sendNanos()) / NANOS_PER_MS : null;
        Double tpot = null;
        Double decode = null;
        if (k > 0 && counts.nOut() > 1) {
            long span = t.chunkNanos(k - 1) - t.chunkNanos(0);
            if (span > 0) {
                tpot = span / NANOS_PER_MS / (counts.nOut() - 1);
                decode = (counts.nOut() - 1) / (span / 1e9);
            }
        }
        Double prefill = counts.nIn() != null && ttft != null && ttft > 0 ? counts.nIn() / ttft * 1000.0 : null;
        List<Double> gaps = new ArrayList<>(Math.max(0, k - 1));
        for (int i = 1; i < k; i++) {
            gaps.add((t.chunkNanos(i) - t.chunkNanos(i - 1)) / NANOS_PER_MS);
        }
        return new RequestMetrics(ttft, ttfc, tpot, e2e, decode, prefill, counts.nIn(), counts.nOut(),
                counts.approximate(), gaps);
    }
}
