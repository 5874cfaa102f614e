package dev.fleetbench.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.DeviceTruth;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Samples;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/acceleration} and the acceleration rows of {@code models.json} over HTTP, on a real coordinator
 * whose store holds one machine's CPU and NPU variants of one alias with figures that can be checked by hand.
 */
@Timeout(120)
class AccelerationApiTest {

    static final ModelVariant CPU = new ModelVariant("Phi-4-mini-instruct-generic-cpu:4", "phi-4-mini", DeviceType.CPU,
            "CPUExecutionProvider", 4_800_000_000L, 0, "int4");
    static final ModelVariant NPU = new ModelVariant("Phi-4-mini-instruct-vitis-npu:2", "phi-4-mini", DeviceType.NPU,
            "VitisAIExecutionProvider", 2_300_000_000L, 0, "int4");
    static final String SPEC = """
            {"name": "devices", "models": ["phi-4-mini"], "devices": ["cpu", "npu"], "repetitions": 5,
             "prompts": [{"id": "p", "text": "Hello"}]}""";
    static final String DESKTOP = HardwareClassifier.classify(Fixtures.intelDesktop()).key();

    @TempDir
    Path dir;
    private StoredCampaignCoordinator coordinator;

    @BeforeEach
    void start() throws Exception {
        coordinator = new StoredCampaignCoordinator(dir)
                .worker("w1", new EngineDescriptor("foundry", "Foundry Local (2.x)"), List.of(NPU, CPU))
                .doneCampaign("c1", "devices", SPEC, Instant.parse("2026-12-01T10:00:00Z"));
        List<Sample> samples = new ArrayList<>();
        // decode: the NPU is exactly twice as fast, value for value; TTFT: it answers in half the time
        double[] cpuDecode = {10, 10.5, 11, 11.5, 12};
        double[] cpuTtft = {200, 210, 220, 230, 240};
        for (int i = 0; i < 5; i++) {
            samples.add(sample(CPU, cpuTtft[i], cpuDecode[i], null));
            // the two slowest NPU requests kept the CPU as busy as the CPU variant: flagged
            DeviceTruth truth = new DeviceTruth(DeviceType.NPU, NPU.executionProvider(), DeviceType.NPU,
                    NPU.executionProvider(), "catalog runtime of the loaded variant", i < 2 ? 380.0 : 40.0, 400.0, i < 2);
            samples.add(sample(NPU, cpuTtft[i] / 2, cpuDecode[i] * 2, truth));
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

    /** A measured sample of the variant on w1 whose decode rate is {@code decodeTps} (16 tokens evenly spaced). */
    private static Sample sample(ModelVariant v, double ttftMs, double decodeTps, DeviceTruth truth) {
        Sample s = Samples.ok(v.id(), "p", ttftMs, 1000.0 / decodeTps, 16).withPlacement("c1", "cell-" + v.deviceType(),
                "lease-" + v.deviceType(), "w1");
        Fingerprint e = Fixtures.embeddedFingerprint(v.id());
        Fingerprint fp = new Fingerprint(v.id(), v.executionProvider(), v.deviceType(), "foundry", "Foundry Local (2.x)",
                e.agentVersion(), e.hardwareProfileHash(), e.osBuild(), null, e.powerSource(), e.promptSetVersion(), null);
        Sample out = new Sample(s.id(), s.campaignId(), s.cellId(), s.leaseId(), s.workerId(), s.model(), s.promptId(),
                s.repetition(), s.kind(), s.status(), null, null, s.startedAtMs(), s.ttftMs(), s.ttfcMs(), s.tpotMs(),
                s.e2eMs(), s.decodeTps(), s.prefillTps(), s.nIn(), s.nOut(), false, s.itlGapsMs(), null, s.text(),
                Map.of(), fp, null, null, null);
        return truth == null ? out : out.withDeviceTruth(truth);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return coordinator.get(path);
    }

    @Test
    void theNpuRowGivesTheHandComputedSpeedUpTtftRatioAndFallbackCount() throws Exception {
        HttpResponse<String> r = get("/api/acceleration?campaign=c1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode doc = Json.mapper().readTree(r.body());
        assertThat(doc.get("campaign").asText()).isEqualTo("c1");
        assertThat(doc.get("definitions").fieldNames()).toIterable()
                .contains("decode_speedup", "ttft_ratio", "estimate", "suspected_cpu_fallback");
        assertThat(doc.get("rows")).hasSize(1);
        JsonNode row = doc.get("rows").get(0);
        assertThat(row.fieldNames()).toIterable().containsExactly("hardware_class", "hardware_class_label", "model",
                "device", "variant", "cpu_variant", "machines", "decode_speedup", "ttft_ratio", "suspected_cpu_fallback");
        assertThat(row.get("hardware_class").asText()).isEqualTo(DESKTOP);
        assertThat(row.get("model").asText()).isEqualTo("phi-4-mini");
        assertThat(row.get("device").asText()).isEqualTo("npu");
        assertThat(row.get("variant").asText()).isEqualTo(NPU.id());
        assertThat(row.get("cpu_variant").asText()).isEqualTo(CPU.id());
        assertThat(row.get("machines").asInt()).isEqualTo(1);
        assertThat(row.get("suspected_cpu_fallback").asInt()).isEqualTo(2);
        // 25 ratios npu/cpu: median 2; with 5 + 5 values the exact 95 % interval is [d(3), d(23)] = [21/12, 24/10.5]
        JsonNode decode = row.get("decode_speedup");
        assertThat(decode.fieldNames()).toIterable().containsExactly("median_ratio", "estimate", "ci_low", "ci_high",
                "n", "n_cpu");
        assertThat(decode.get("estimate").asDouble()).isCloseTo(2.0, within(1e-3));
        assertThat(decode.get("median_ratio").asDouble()).isCloseTo(2.0, within(1e-3));
        assertThat(decode.get("ci_low").asDouble()).isCloseTo(1.75, within(1e-3));
        assertThat(decode.get("ci_high").asDouble()).isCloseTo(24 / 10.5, within(1e-3));
        assertThat(decode.get("n").asInt()).isEqualTo(5);
        assertThat(decode.get("n_cpu").asInt()).isEqualTo(5);
        // TTFT halves: median ratio 0.5, interval [100/240 ... ] = [d(3), d(23)] = [0.4375, 120/210]
        JsonNode ttft = row.get("ttft_ratio");
        assertThat(ttft.get("estimate").asDouble()).isCloseTo(0.5, within(1e-3));
        assertThat(ttft.get("ci_low").asDouble()).isCloseTo(0.4375, within(1e-3));
        assertThat(ttft.get("ci_high").asDouble()).isCloseTo(120 / 210.0, within(1e-3));

        // models.json carries the same rows
        HttpResponse<String> m = get("/api/export/models.json?campaign=c1");
        assertThat(m.statusCode()).as(m.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(m.body()).get("acceleration")).isEqualTo(doc.get("rows"));
    }

    @Test
    void anUnknownCampaignIs404NamingIt() throws Exception {
        HttpResponse<String> r = get("/api/acceleration?campaign=nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("no campaign 'nope'");
    }
}
