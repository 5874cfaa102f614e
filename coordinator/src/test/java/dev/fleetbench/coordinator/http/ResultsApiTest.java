package dev.fleetbench.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.domain.leases.LeaseOutcome;
import dev.fleetbench.coordinator.domain.results.Terms;
import dev.fleetbench.coordinator.store.LeaseRecord;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed results read side over HTTP on a real coordinator and DuckDB file: the metric definitions served from
 * {@link Metric}, the aggregates keyed by metric name with each group's peak memory, and the drill-down into one
 * group's samples, page by page.
 */
@Timeout(120)
class ResultsApiTest {

    static final ModelVariant SMALL = new ModelVariant("small-cpu:1", "small", DeviceType.CPU, "CPUExecutionProvider",
            1_000_000_000L, 0, "int4");
    static final ModelVariant BIG = new ModelVariant("big-cpu:1", "big", DeviceType.CPU, "CPUExecutionProvider",
            4_000_000_000L, 0, "int4");
    static final String SPEC = """
            {"name": "typed", "models": ["small", "big"], "repetitions": 7,
             "prompts": [{"id": "p", "text": "Hello"}, {"id": "q", "text": "Bye"}]}""";
    static final String DESKTOP = HardwareClassifier.classify(Fixtures.intelDesktop()).key();

    @TempDir
    Path dir;
    private StoredCampaignCoordinator coordinator;

    @BeforeEach
    void start() throws Exception {
        coordinator = new StoredCampaignCoordinator(dir)
                .worker("w1", new EngineDescriptor("embedded", "llama.cpp"), List.of(SMALL, BIG))
                .doneCampaign("c1", "typed", SPEC, Instant.parse("2026-12-01T10:00:00Z"));
        List<Sample> samples = new ArrayList<>();
        // small: a warm-up and 7 measured requests per prompt (14 measured); big: 3 measured on prompt p
        for (String prompt : List.of("p", "q")) {
            samples.add(sample(SMALL, prompt, SampleKind.WARMUP, 100));
            for (int i = 0; i < 7; i++) {
                samples.add(sample(SMALL, prompt, SampleKind.MEASURED, 100 + i));
            }
        }
        for (int i = 0; i < 3; i++) {
            samples.add(sample(BIG, "p", SampleKind.MEASURED, 400 + i));
        }
        coordinator.store().ingest(samples);
        // two leases of small on w1 reported their peak memory; big's lease reported none
        coordinator.store().upsertLeases(List.of(lease("l1", SMALL, 700_000_000L),
                lease("l2", SMALL, 900_000_000L), lease("l3", BIG, null)));
        coordinator.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    private static Sample sample(ModelVariant v, String prompt, SampleKind kind, double ttftMs) {
        Sample s = Samples.ok(v.id(), prompt, kind, ttftMs, 20, 16).withPlacement("c1", "cell-" + v.id() + "-" + prompt,
                "lease-" + v.id(), "w1");
        Fingerprint e = Fixtures.embeddedFingerprint(v.id());
        Fingerprint fp = new Fingerprint(v.id(), v.executionProvider(), v.deviceType(), "embedded", "llama.cpp",
                e.agentVersion(), e.hardwareProfileHash(), e.osBuild(), null, e.powerSource(), e.promptSetVersion(), null);
        return new Sample(s.id(), s.campaignId(), s.cellId(), s.leaseId(), s.workerId(), s.model(), s.promptId(),
                s.repetition(), s.kind(), s.status(), null, null, s.startedAtMs(), s.ttftMs(), s.ttfcMs(), s.tpotMs(),
                s.e2eMs(), s.decodeTps(), s.prefillTps(), s.nIn(), s.nOut(), false, s.itlGapsMs(), null, s.text(),
                Map.of(), fp, null, null, null);
    }

    private static LeaseRecord lease(String id, ModelVariant v, Long peakRss) {
        ModelPhases phases = new ModelPhases(v.id(), null, null, 12.0, 3.0, 9.0, peakRss, null, null, null, null,
                List.of());
        return new LeaseRecord(id, "u-" + id, "c1", "w1", v.id(), 1, Instant.parse("2026-12-01T10:00:00Z"),
                Instant.parse("2026-12-01T10:05:00Z"), LeaseOutcome.FINISHED, phases);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return coordinator.get(path);
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    @Test
    void metricsAreServedWithUnitDirectionAndDefinitionFromTheOneSource() throws Exception {
        JsonNode doc = ok("/api/metrics");
        assertThat(doc.get("metrics")).hasSize(Metric.values().length);
        for (int i = 0; i < Metric.values().length; i++) {
            Metric m = Metric.values()[i];
            JsonNode served = doc.get("metrics").get(i);
            assertThat(served.get("name").asText()).isEqualTo(m.id());
            assertThat(served.get("unit").asText()).isEqualTo(m.unit());
            assertThat(served.get("definition").asText()).isEqualTo(m.definition());
        }
        assertThat(doc.at("/metrics/3/name").asText()).isEqualTo("decode_tps");
        assertThat(doc.at("/metrics/3/direction").asText()).isEqualTo("higher");
        assertThat(doc.at("/metrics/0/direction").asText()).as("ttft").isEqualTo("lower");
        assertThat(Json.mapper().convertValue(doc.get("terms"), Map.class)).isEqualTo(Terms.ALL);
    }

    @Test
    void aggregatesKeyTheirMetricsByNameInTheOrderOfTheCsvAndCarryEachGroupsPeakMemory() throws Exception {
        JsonNode doc = ok("/api/aggregates?campaign=c1");
        assertThat(doc.get("definitions").get("decode_tps").asText()).isEqualTo(Metric.DECODE_TPS.definition());
        assertThat(doc.get("definitions").fieldNames()).toIterable().containsExactly("ttft_ms", "tpot_ms", "e2e_ms",
                "decode_tps", "prefill_tps", "percentiles", "median_ci", "cells", "quality", "error_rate_upper95",
                "unstable");
        assertThat(doc.get("groups")).hasSize(2);
        JsonNode big = doc.get("groups").get(0);
        JsonNode small = doc.get("groups").get(1);
        assertThat(big.get("model").asText()).isEqualTo(BIG.id());
        assertThat(small.get("model").asText()).isEqualTo(SMALL.id());
        assertThat(small.get("hardware_class").asText()).isEqualTo(DESKTOP);
        assertThat(small.get("metrics").fieldNames()).toIterable()
                .containsExactly("ttft_ms", "tpot_ms", "e2e_ms", "decode_tps", "prefill_tps");
        assertThat(small.at("/metrics/ttft_ms/n").asInt()).isEqualTo(14);
        assertThat(small.at("/metrics/ttft_ms/p50").asDouble()).isEqualTo(103.0);
        // the higher of small's two leases; big's lease reported none
        assertThat(small.get("peak_rss_bytes").asLong()).isEqualTo(900_000_000L);
        assertThat(big.get("peak_rss_bytes").isNull()).isTrue();
    }

    @Test
    void theDrillDownPagesThroughOneGroupsSamplesOnly() throws Exception {
        String base = "/api/campaigns/c1/group-samples?class=" + DESKTOP + "&model=" + SMALL.id();
        JsonNode first = ok(base + "&kind=measured&limit=10");
        assertThat(first.get("total").asLong()).isEqualTo(14);
        assertThat(first.get("samples")).hasSize(10);
        assertThat(first.at("/group/hardware_class").asText()).isEqualTo(DESKTOP);
        assertThat(first.at("/group/model").asText()).isEqualTo(SMALL.id());
        assertThat(first.at("/group/prompt").isNull()).isTrue();
        JsonNode second = ok(base + "&kind=measured&limit=10&offset=10");
        assertThat(second.get("samples")).hasSize(4);
        Set<String> ids = new HashSet<>();
        for (JsonNode page : List.of(first, second)) {
            for (JsonNode s : page.get("samples")) {
                assertThat(s.get("model").asText()).isEqualTo(SMALL.id());
                assertThat(s.get("kind").asText()).isEqualTo("measured");
                ids.add(s.get("id").asText());
            }
        }
        assertThat(ids).as("two pages, no sample twice").hasSize(14);
        // every kind: the two warm-ups too; one prompt: half of them
        assertThat(ok(base).get("total").asLong()).isEqualTo(16);
        JsonNode prompt = ok(base + "&prompt=q&kind=warmup");
        assertThat(prompt.get("total").asLong()).isEqualTo(1);
        assertThat(prompt.at("/samples/0/prompt_id").asText()).isEqualTo("q");
        assertThat(ok("/api/campaigns/c1/group-samples?model=" + BIG.id()).get("total").asLong()).isEqualTo(3);
        assertThat(ok("/api/campaigns/c1/group-samples?class=no-such-class").get("total").asLong()).isZero();
    }

    @Test
    void badDrillDownRequestsAreRefusedNamingTheParameter() throws Exception {
        Map<String, String> bad = Map.of(
                "/api/campaigns/c1/group-samples?limit=1001", "limit",
                "/api/campaigns/c1/group-samples?limit=0", "limit",
                "/api/campaigns/c1/group-samples?offset=-1", "offset",
                "/api/campaigns/c1/group-samples?offset=x", "offset",
                "/api/campaigns/c1/group-samples?kind=hot", "kind",
                "/api/campaigns/c1/group-samples?class=" + "x".repeat(257), "class",
                "/api/campaigns/c1/group-samples?worker=a%01b", "worker");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            HttpResponse<String> r = get(e.getKey());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(Json.mapper().readTree(r.body()).get("field").asText()).as(e.getKey()).isEqualTo(e.getValue());
        }
        HttpResponse<String> unknown = get("/api/campaigns/nope/group-samples");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no campaign 'nope'");
        assertThat(Arrays.asList(get("/api/campaigns/c1/group-samples?kind=hot").body().split("\"")))
                .anySatisfy(part -> assertThat(part).contains("cold, warmup or measured"));
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The views are records now; their JSON keeps the names and order the ordered maps had. */
    @Test
    void theRecordViewsKeepTheNamesAndOrderOfTheJson() throws Exception {
        JsonNode group = ok("/api/aggregates?campaign=c1").get("groups").get(1);
        assertThat(fields(group)).containsExactly("hardware_class", "hardware_class_label", "model", "machines", "cells",
                "requests", "failures", "error_rate", "unstable", "quality_failed", "comparable", "suspected_cpu_fallback",
                "fingerprint", "metrics", "peak_rss_bytes", "quality", "energy");
        assertThat(fields(group.get("fingerprint"))).containsExactly("engine", "engine_version", "execution_provider",
                "prompt_set_version");
        JsonNode byPrompt = ok("/api/aggregates?campaign=c1&by=model,prompt").get("groups").get(0);
        assertThat(fields(byPrompt)).startsWith("model", "prompt_id", "machines").doesNotContain("hardware_class");

        JsonNode compare = ok("/api/compare?a=campaign:c1&b=campaign:c1");
        assertThat(fields(compare)).containsExactly("a", "b", "models");
        JsonNode row = compare.get("models").get(0);
        assertThat(fields(row)).containsExactly("model", "a", "b", "b_over_a");
        assertThat(fields(row.get("a"))).containsExactly("machines", "requests", "failures", "metrics");
        assertThat(fields(row.get("b_over_a"))).containsExactly("ttft_ms_p50", "e2e_ms_p50", "decode_tps_p50");
        assertThat(row.at("/b_over_a/decode_tps_p50").asDouble()).as("a campaign against itself").isEqualTo(1.0);

        JsonNode rec = ok("/api/recommendations?campaign=c1");
        assertThat(fields(rec)).containsExactly("campaign", "slo", "evidence_rules", "classes");
        assertThat(fields(rec.at("/classes/0"))).containsExactly("hardware_class", "hardware_class_label", "machines",
                "use_cases");
        assertThat(fields(rec.at("/classes/0/use_cases/0"))).containsExactly("use_case", "recommended", "summary",
                "figures", "alternatives", "basis", "evidence", "engine_version", "prompt_set_version", "engine_groups");
        assertThat(fields(ok("/api/fits?campaign=c1"))).containsExactly("campaign", "models");
        assertThat(fields(ok("/api/requirements?campaign=c1"))).containsExactly("campaign", "slo", "requirements");

        JsonNode worker = ok("/api/workers").get(0);
        assertThat(fields(worker)).containsExactly("worker_id", "status", "hostname", "hardware_class",
                "hardware_class_label", "engine", "engine_version", "agent_version", "labels", "lease_id", "user_idle",
                "power", "outbox_samples", "paused", "models_available", "models_cached", "registered_at", "last_seen",
                "hardware", "duplicate_identity", "enrollment", "rejection_reason", "hardware_changes");
        List<String> campaign = List.of("id", "name", "state", "schedule_id", "created_at", "finished_at", "cells_total",
                "cells_done", "cells_failed", "cells_does_not_fit", "cells_cancelled", "cells_predicted_too_slow", "cells_running", "cells_pending");
        assertThat(fields(ok("/api/campaigns").get(0))).containsExactlyElementsOf(
                java.util.stream.Stream.concat(campaign.stream(), java.util.stream.Stream.of("notes")).toList());
        JsonNode one = ok("/api/campaigns/c1");
        assertThat(fields(one)).containsExactlyElementsOf(java.util.stream.Stream.concat(campaign.stream(),
                java.util.stream.Stream.of("samples", "notes", "spec")).toList());
        assertThat(one.get("samples").asLong()).isEqualTo(19);
        JsonNode health = ok("/api/health");
        assertThat(fields(health)).containsExactly("status", "role", "version", "workers", "campaigns",
                "rejected_messages", "store");
        assertThat(fields(health.get("store"))).containsExactly("status");
    }
}
