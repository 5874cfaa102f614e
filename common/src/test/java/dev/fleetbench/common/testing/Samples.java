package dev.fleetbench.common.testing;

import dev.fleetbench.common.metrics.RequestMetrics;
import dev.fleetbench.common.metrics.StreamTimeline;
import dev.fleetbench.common.metrics.TokenCounts;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import java.util.concurrent.atomic.AtomicLong;

/** Samples with chosen figures, built through the real metric derivation. */
public final class Samples {

    private static final AtomicLong IDS = new AtomicLong();
    private static final long MS = 1_000_000L;

    private Samples() {
    }

    /**
     * A measured ok sample with the given TTFT and a steady token gap.
     *
     * @param ttftMs time to first token
     * @param tpotMs gap between tokens
     * @param tokens tokens generated (one per chunk)
     */
    public static Sample ok(String model, String prompt, double ttftMs, double tpotMs, int tokens) {
        return ok(model, prompt, SampleKind.MEASURED, ttftMs, tpotMs, tokens);
    }

    public static Sample ok(String model, String prompt, SampleKind kind, double ttftMs, double tpotMs, int tokens) {
        long[] chunks = new long[tokens];
        for (int i = 0; i < tokens; i++) {
            chunks[i] = (long) ((ttftMs + i * tpotMs) * MS);
        }
        long end = tokens == 0 ? (long) (ttftMs * MS) : chunks[tokens - 1] + MS;
        StreamTimeline t = new StreamTimeline(0, chunks, tokens == 0 ? null : chunks[0], end);
        return Sample.builder("s-" + IDS.incrementAndGet(), model, prompt, kind, 0)
                .metrics(RequestMetrics.derive(t, new TokenCounts(10, tokens, false)))
                .text("answer of " + model)
                .ok();
    }

    public static Sample failed(String model, String prompt, FailureCode code) {
        return Sample.builder("s-" + IDS.incrementAndGet(), model, prompt, SampleKind.MEASURED, 0)
                .failed(code, code.description());
    }
}
