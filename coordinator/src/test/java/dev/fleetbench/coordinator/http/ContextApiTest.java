package dev.fleetbench.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.metrics.RequestMetrics;
import dev.fleetbench.common.metrics.StreamTimeline;
import dev.fleetbench.common.metrics.TokenCounts;
import dev.fleetbench.common.model.ContextBuild;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.testing.Fixtures;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/campaigns/{id}/context} and the report's "Prompt length" section on a real coordinator whose DuckDB
 * store holds a sweep of two machines of one class with figures checked by hand, a length beyond the window and an
 * approximated machine.
 */
@Timeout(120)
class ContextApiTest {

    static final String SPEC = """
            {"name": "lengths", "models": ["synthetic-8m"], "context": [128, 1024, 4096], "repetitions": 3,
             "max_tokens": 16}""";
    static final String PLAIN = """
            {"name": "plain", "models": ["synthetic-8m"], "prompts": [{"id": "p", "text": "Hello"}]}""";
    static final String DESKTOP = HardwareClassifier.classify(Fixtures.intelDesktop()).key();
    static final String WINDOW = "a prompt of 4096 tokens and an answer of up to 16 tokens need more than the model's"
            + " context window of 2048 tokens";
    private static final long MS = 1_000_000L;
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;
    private StoredCampaignCoordinator coordinator;

    @BeforeEach
    void start() throws Exception {
        EngineDescriptor embedded = new EngineDescriptor("embedded", "llama.cpp");
        coordinator = new StoredCampaignCoordinator(dir)
                .worker("w1", embedded, List.of())
                .worker("w2", embedded, List.of())
                .doneCampaign("c1", "lengths", SPEC, Instant.parse("2026-12-01T10:00:00Z"))
                .doneCampaign("c2", "plain", PLAIN, Instant.parse("2026-12-01T11:00:00Z"));
        List<Sample> samples = new ArrayList<>();
        double[] w1 = {20, 22, 24};
        double[] w2 = {30, 32, 34};
        for (int i = 0; i < 3; i++) {
            samples.add(ok("w1", 128, i, w1[i], 500 + i * 10, false));
            samples.add(ok("w2", 128, i, w2[i], 530 + i * 10, true));
            samples.add(ok("w1", 1024, i, 100 + i * 10, 600, false));
            samples.add(ok("w2", 1024, i, 130 + i * 10, 610, true));
            for (String w : List.of("w1", "w2")) {
                samples.add(Sample.builder(UUID.randomUUID().toString(), "synthetic-8m", "context-4096",
                        SampleKind.MEASURED, i).fingerprint(Fixtures.embeddedFingerprint("synthetic-8m"))
                        .failed(FailureCode.DOES_NOT_FIT, WINDOW).withPlacement("c1", w + "-4096", "l-" + w, w));
            }
        }
        coordinator.store().ingest(samples);
        coordinator.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    /** A measured sample of {@code tokens} prompt tokens whose first token came after {@code ttftMs}. */
    private static Sample ok(String worker, int tokens, int rep, double ttftMs, long peakMib, boolean approximate) {
        long[] chunks = {(long) (ttftMs * MS), (long) ((ttftMs + 5) * MS)};
        StreamTimeline t = new StreamTimeline(0, chunks, chunks[0], chunks[1] + MS);
        ContextBuild built = approximate
                ? new ContextBuild(tokens, tokens, true, 4, "approximated at 4 characters per token: the engine"
                        + " exposes no tokenizer")
                : new ContextBuild(tokens, tokens, false, null, "counted with the model's tokenizer");
        return Sample.builder(UUID.randomUUID().toString(), "synthetic-8m", "context-" + tokens, SampleKind.MEASURED, rep)
                .metrics(RequestMetrics.derive(t, new TokenCounts(tokens, 2, false)))
                .fingerprint(Fixtures.embeddedFingerprint("synthetic-8m")).text("It is about Alice.").ok()
                .withPlacement("c1", worker + "-" + tokens, "l-" + worker, worker)
                .withContextPrompt(built).withPeakRssBytes(peakMib * MIB);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return coordinator.get(path);
    }

    @Test
    void oneRowPerLengthWithPooledFiguresNAndTheWindowOfALengthThatDoesNotFit() throws Exception {
        HttpResponse<String> r = get("/api/campaigns/c1/context");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode doc = Json.mapper().readTree(r.body());
        assertThat(doc.get("campaign").asText()).isEqualTo("c1");
        assertThat(doc.get("lengths")).extracting(JsonNode::asInt).containsExactly(128, 1024, 4096);
        assertThat(doc.get("basis").asText()).contains("pooled raw measured samples").contains("weighs the same");
        assertThat(doc.get("definitions").fieldNames()).toIterable()
                .containsExactly("ttft_ms", "prefill_tps", "peak_rss_bytes", "approximate", "does_not_fit");
        JsonNode rows = doc.get("rows");
        assertThat(rows).hasSize(3);
        assertThat(rows).extracting(x -> x.get("context_tokens").asInt()).containsExactly(128, 1024, 4096);
        JsonNode short128 = rows.get(0);
        assertThat(short128.fieldNames()).toIterable().containsExactly("hardware_class", "hardware_class_label", "model",
                "context_tokens", "prompt_id", "machines", "cells", "requests", "failures", "ttft_ms", "prefill_tps",
                "peak_rss_bytes", "approximate", "does_not_fit");
        assertThat(short128.get("hardware_class").asText()).isEqualTo(DESKTOP);
        assertThat(short128.get("model").asText()).isEqualTo("synthetic-8m");
        assertThat(short128.get("machines").asInt()).isEqualTo(2);
        assertThat(short128.get("requests").asInt()).isEqualTo(6);
        // TTFT 20, 22, 24 on w1 and 30, 32, 34 on w2, pooled: p50 27, interval [x(1), x(6)] at n = 6
        assertThat(short128.get("ttft_ms").get("n").asInt()).isEqualTo(6);
        assertThat(short128.get("ttft_ms").get("p50").asDouble()).isCloseTo(27.0, within(1e-6));
        assertThat(short128.get("ttft_ms").get("median_ci_low").asDouble()).isCloseTo(20.0, within(1e-6));
        assertThat(short128.get("ttft_ms").get("median_ci_high").asDouble()).isCloseTo(34.0, within(1e-6));
        assertThat(short128.get("prefill_tps").get("p50").asDouble())
                .isCloseTo((128_000 / 24.0 + 128_000 / 30.0) / 2, within(1e-6));
        // peak memory 500, 510, 520 and 530, 540, 550 MiB: p50 525 MiB
        assertThat(short128.get("peak_rss_bytes").get("p50").asDouble()).isCloseTo(525.0 * MIB, within(1.0));
        assertThat(short128.get("approximate").asInt()).as("w2's three prompts were approximated").isEqualTo(3);
        assertThat(short128.get("does_not_fit").isNull()).isTrue();
        JsonNode long1024 = rows.get(1);
        assertThat(long1024.get("ttft_ms").get("p50").asDouble()).isCloseTo((120 + 130) / 2.0, within(1e-6));
        assertThat(long1024.get("ttft_ms").get("p50").asDouble())
                .isGreaterThan(short128.get("ttft_ms").get("p50").asDouble());
        JsonNode tooLong = rows.get(2);
        assertThat(tooLong.get("requests").asInt()).isZero();
        assertThat(tooLong.get("failures").asInt()).isZero();
        assertThat(tooLong.get("ttft_ms").get("n").asInt()).isZero();
        assertThat(tooLong.get("does_not_fit").asText()).isEqualTo(WINDOW);
    }

    @Test
    void theReportHasAPromptLengthSectionOnlyForASweep() throws Exception {
        HttpResponse<String> r = get("/api/campaigns/c1/report.html");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<h2 id=\"context\">Prompt length</h2>")
                .contains("<td>128</td><td>6</td><td>27.00</td><td>20.00 – 34.00</td>")
                .contains("does not fit: " + WINDOW.replace("'", "&#39;"))
                .contains("3 approximate length")
                .endsWith("</body></html>\n");
        HttpResponse<String> plain = get("/api/campaigns/c2/report.html");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).doesNotContain("Prompt length");
    }

    @Test
    void aCampaignWithoutASweepHasNoRowsAndBadOrUnknownIdsAreRefusedNamingThem() throws Exception {
        JsonNode plain = Json.mapper().readTree(get("/api/campaigns/c2/context").body());
        assertThat(plain.get("lengths")).isEmpty();
        assertThat(plain.get("rows")).isEmpty();
        HttpResponse<String> unknown = get("/api/campaigns/nope/context");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no campaign 'nope'");
        HttpResponse<String> bad = get("/api/campaigns/a.b/context");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("campaign id must be");
    }
}
