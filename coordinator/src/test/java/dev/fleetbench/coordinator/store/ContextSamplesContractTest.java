package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.metrics.RequestMetrics;
import dev.fleetbench.common.metrics.StreamTimeline;
import dev.fleetbench.common.metrics.TokenCounts;
import dev.fleetbench.common.model.ContextBuild;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.coordinator.domain.context.ContextSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CoordinatorStore#contextSamples}, the same on both databases ({@link DuckDbContextSamplesTest},
 * {@link PostgresContextSamplesIT}): the sweep's measured samples with their stored class, the peak memory and the
 * approximation flag read from the sample's JSON, a prompt that does not fit with its reason, nothing of other prompts,
 * other kinds or other campaigns.
 */
abstract class ContextSamplesContractTest extends StoreTestBase {

    private static final long MS = 1_000_000L;

    private static Sample sample(String id, String prompt, SampleKind kind, String campaign, ContextBuild built,
                                 Long peak) {
        long[] chunks = {20 * MS, 25 * MS};
        return Sample.builder(id, "synthetic-8m", prompt, kind, 0)
                .metrics(RequestMetrics.derive(new StreamTimeline(0, chunks, chunks[0], 26 * MS),
                        new TokenCounts(128, 2, false)))
                .fingerprint(Fixtures.embeddedFingerprint("synthetic-8m")).text("x").ok()
                .withPlacement(campaign, "cell-" + prompt, "l1", "w1").withContextPrompt(built).withPeakRssBytes(peak);
    }

    @Test
    void theSweepsMeasuredSamplesComeWithClassPeakMemoryApproximationAndTheReasonOfALengthThatDoesNotFit() {
        try (JdbcStore store = stores().open("fleetbench")) {
            store.upsertWorker(new RegisterRequest(Protocol.VERSION, "w1", "0.1.0", Fixtures.intelDesktop(),
                    new EngineDescriptor("embedded", "llama.cpp"), List.of(), List.of(), Map.of()),
                    Instant.parse("2026-12-01T09:00:00Z"));
            ContextBuild approx = new ContextBuild(128, 128, true, 4, "approximated at 4 characters per token");
            store.ingest(List.of(
                    sample("a", "context-128", SampleKind.MEASURED, "c1", approx, 734_003_200L),
                    sample("b", "context-128", SampleKind.WARMUP, "c1", approx, 1L),
                    sample("c", "story", SampleKind.MEASURED, "c1", null, 1L),
                    sample("d", "context-128", SampleKind.MEASURED, "c2", approx, 1L),
                    Sample.builder("e", "synthetic-8m", "context-4096", SampleKind.MEASURED, 0)
                            .fingerprint(Fixtures.embeddedFingerprint("synthetic-8m"))
                            .failed(FailureCode.DOES_NOT_FIT, "needs more than the model's context window of 2048 tokens")
                            .withPlacement("c1", "cell-4096", "l1", "w1")));
            List<ContextSample> rows = store.contextSamples("c1", List.of("context-128", "context-4096"));
            String desktop = HardwareClassifier.classify(Fixtures.intelDesktop()).key();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).prefillTps()).isCloseTo(6400.0, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(rows).containsExactly(
                    new ContextSample(desktop, "synthetic-8m", "context-128", "w1", "cell-context-128", true, null, null,
                            20.0, rows.get(0).prefillTps(), 734_003_200L, true),
                    new ContextSample(desktop, "synthetic-8m", "context-4096", "w1", "cell-4096", false, "DOES_NOT_FIT",
                            "needs more than the model's context window of 2048 tokens", null, null, null, false));
            assertThat(store.contextSamples("c1", List.of())).isEmpty();
        }
    }
}
