package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.PowerInfo;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * CPU vs GPU vs NPU on one PC, end to end: the Foundry Local double in a process of its own (G2, which loads by id;
 * the alias's NPU, GPU and CPU variants cached; its fake {@code foundry} CLI), a real worker on the Foundry engine
 * pointed at it, a real coordinator, and a campaign with {@code devices: [cpu, npu, gpu]}. The double paces tokens by
 * the clock: the CPU variant every 40 ms computing all the while, the NPU variant every 20 ms with the CPU idle (so its
 * decode is twice as fast), the GPU variant as the CPU variant (a silent CPU fallback: as fast and as busy).
 * {@code /api/acceleration} must give the NPU a decode speed-up whose interval holds 2, count most GPU requests as
 * suspected fallbacks (each request's CPU share is read from /proc in 10 ms ticks on a shared machine, so one may fall
 * under half the CPU variant's median), and count for the NPU exactly the samples flagged (an idle NPU is flagged only
 * where the machine is so loaded that the CPU variant's share of a core sinks to twice the double's own work per
 * token).
 */
@Timeout(300)
@EnabledOnOs(OS.LINUX) // the worker reads the service's CPU time from /proc
class AccelerationEndToEndIT {

    static final String NPU = "Phi-4-mini-instruct-vitis-npu:2";
    static final String GPU = "Phi-4-mini-instruct-generic-gpu:5";
    static final String CPU = "Phi-4-mini-instruct-generic-cpu:4";

    /** A Ryzen AI laptop (AMD NPU for the VitisAI variant, Radeon iGPU) on AC, so that gating never holds work. */
    static HardwareProfile ryzenOnAc() {
        HardwareProfile p = Fixtures.ryzenAiLaptop();
        return new HardwareProfile(p.machineId(), p.hostname(), p.os(), p.cpu(), p.memory(), p.gpus(), p.npus(),
                new PowerInfo(PowerSource.AC, true, 100.0), p.notes());
    }

    @Test
    void theNpuVariantScriptedTwiceAsFastShowsASpeedUpOfTwoAndTheBusyGpuVariantIsFlagged() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cluster-tests", "acceleration-" + System.currentTimeMillis()));
        try (Processes procs = new Processes(dir)) {
            int http = Processes.freePort();
            int cluster = Processes.freePort();
            String url = "http://127.0.0.1:" + http;
            procs.coordinator(dir.resolve("coordinator"), http, cluster);
            int foundry = procs.foundryDouble(dir.resolve("foundry"), List.of("--api", "G2",
                    "--variants", String.join(",", NPU, GPU, CPU), "--cached", String.join(",", NPU, GPU, CPU),
                    "--interval", CPU + "=40," + NPU + "=20," + GPU + "=40", "--busy", CPU + "=40," + GPU + "=40"));
            HardwareProfile profile = ryzenOnAc();
            Path profileFile = Files.writeString(dir.resolve("ryzen.json"), Json.write(profile));
            // the double's fake foundry CLI (its catalog table and cache, as the real CLI gives them; the service's
            // /v1/models alone names no alias)
            procs.worker(dir.resolve("worker"), cluster, List.of("--engine", "foundry", "--endpoint",
                    "http://127.0.0.1:" + foundry, "--hardware-profile", profileFile.toString()),
                    Map.of("FLEETBENCH_FOUNDRY_CLI", dir.resolve("foundry").resolve("bin").resolve("foundry")
                            .toAbsolutePath().toString()));
            Processes.await(Duration.ofSeconds(90), () -> {
                JsonNode w = procs.get(url, "/api/workers");
                return w != null && w.size() == 1;
            }, "the worker");
            // the CPU variant first: an accelerator is judged against the CPU variant measured before it
            String id = procs.post(url, "/api/campaigns", "application/json", """
                    {"name": "cpu vs npu vs gpu", "models": ["phi-4-mini"], "devices": ["cpu", "npu", "gpu"],
                     "repetitions": 5, "warmups": 1, "max_repetition_factor": 1, "max_tokens": 16,
                     "prompts": [{"id": "story", "category": "chat", "text": "Once upon a time"}]}""")
                    .get("id").asText();
            Processes.await(Duration.ofSeconds(180), () -> {
                JsonNode c = procs.get(url, "/api/campaigns/" + id);
                return c != null && !c.get("state").asText().equals("running");
            }, "the campaign to finish");
            JsonNode cells = procs.get(url, "/api/campaigns/" + id + "/cells");
            assertThat(procs.get(url, "/api/campaigns/" + id).get("state").asText()).as(cells.toString())
                    .isEqualTo("done");
            assertThat(procs.measured(url, id)).as(cells.toString()).isEqualTo(3 * 5);

            JsonNode doc = procs.get(url, "/api/acceleration?campaign=" + id);
            System.out.println("GET /api/acceleration: " + doc.get("rows"));
            assertThat(doc.get("rows")).as(doc.toString()).hasSize(2);
            Map<String, JsonNode> byDevice = new HashMap<>();
            doc.get("rows").forEach(r -> byDevice.put(r.get("device").asText(), r));
            String cls = HardwareClassifier.classify(profile).key();

            JsonNode npu = byDevice.get("npu");
            assertThat(npu.get("hardware_class").asText()).isEqualTo(cls);
            assertThat(npu.get("model").asText()).isEqualTo("phi-4-mini");
            assertThat(npu.get("variant").asText()).isEqualTo(NPU);
            assertThat(npu.get("cpu_variant").asText()).isEqualTo(CPU);
            assertThat(npu.get("machines").asInt()).isEqualTo(1);
            JsonNode speedup = npu.get("decode_speedup");
            assertThat(speedup.get("n").asInt()).isEqualTo(5);
            assertThat(speedup.get("n_cpu").asInt()).isEqualTo(5);
            // 20 ms against 40 ms of computing per token: about 2. The CPU variant's tokens also carry the double's
            // own per-token work (on a quiet machine 2.14 [2.11, 2.16] was measured), so the interval is checked
            // against the measured ratio of medians and for a clear speed-up, the estimate against the script.
            assertThat(speedup.get("estimate").asDouble()).as(speedup.toString()).isBetween(1.8, 2.4);
            assertThat(speedup.get("ci_low").asDouble()).as(speedup.toString()).isGreaterThan(1.2)
                    .isLessThanOrEqualTo(speedup.get("estimate").asDouble());
            assertThat(speedup.get("ci_high").asDouble()).as(speedup.toString())
                    .isGreaterThanOrEqualTo(speedup.get("estimate").asDouble());
            assertThat(speedup.get("median_ratio").asDouble()).as(speedup.toString()).isBetween(1.8, 2.4);
            assertThat(npu.get("ttft_ratio").get("n").asInt()).isEqualTo(5);
            int npuFlagged = 0;
            for (JsonNode sample : procs.get(url, "/api/campaigns/" + id + "/samples?limit=1000")) {
                if (sample.get("model").asText().equals(NPU) && sample.get("kind").asText().equals("measured")
                        && sample.path("device_truth").path("suspected_cpu_fallback").asBoolean(false)) {
                    npuFlagged++;
                }
            }
            assertThat(npu.get("suspected_cpu_fallback").asInt()).as(npu.toString()).isEqualTo(npuFlagged);

            JsonNode gpu = byDevice.get("gpu");
            assertThat(gpu.get("variant").asText()).isEqualTo(GPU);
            assertThat(gpu.get("suspected_cpu_fallback").asInt()).as("the GPU variant burns the CPU: " + gpu)
                    .isBetween(3, 5);
            assertThat(gpu.get("decode_speedup").get("estimate").asDouble()).as("it runs as the CPU variant: " + gpu)
                    .isBetween(0.8, 1.25);

            JsonNode models = procs.get(url, "/api/export/models.json?campaign=" + id);
            assertThat(models.get("acceleration")).isEqualTo(doc.get("rows"));
        }
    }
}
