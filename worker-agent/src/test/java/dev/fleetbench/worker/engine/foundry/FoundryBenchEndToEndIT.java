package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeasePrompt;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.app.LeaseRunner;
import dev.fleetbench.worker.engine.foundry.testdouble.FoundryDouble;
import dev.fleetbench.worker.measure.FingerprintFactory;
import dev.fleetbench.worker.measure.ModelMeasurement;
import dev.fleetbench.worker.measure.PlanListener;
import dev.fleetbench.worker.measure.RequestRunner;
import dev.fleetbench.worker.measure.ResourceSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import dev.fleetbench.worker.testing.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract end to end: {@code fleetbench models|bench --engine foundry} find a stopped double through the fake
 * {@code foundry} alone (the PATH seen by the engine holds nothing else), and a lease that downloaded its model
 * removes it when asked.
 */
@DisabledOnOs(OS.WINDOWS)
class FoundryBenchEndToEndIT {

    @TempDir
    Path dir;

    @AfterEach
    void clearPath() {
        System.clearProperty("fleetbench.env.PATH");
        System.clearProperty("fleetbench.env.FOUNDRY_LOCAL_ENDPOINT");
    }



    @Test
    void benchAndModelsFindTheServiceThroughTheFoundryOnPathAlone() throws Exception {
        try (FoundryDouble d = FoundryDouble.create(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY, dir.resolve("double"))) {
            System.setProperty("fleetbench.env.PATH", d.binDir().toString());
            System.setProperty("fleetbench.env.FOUNDRY_LOCAL_ENDPOINT", "");
            Path json = dir.resolve("bench.json");
            CliRun r = CliRun.of("bench", "--engine", "foundry", "--endpoint", "", "--data-dir", dir.resolve("data").toString(),
                    "--model", "stories-260k", "--model", "phi-4-mini", "--device", "cpu", "--model", "llama-9000",
                    "--prompt", "Once upon a time", "--max-tokens", "8", "--repeat", "2", "--warmup", "0",
                    "--json", json.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("stories-260k-generic-cpu:1").contains("MODEL_NOT_FOUND");
            JsonNode report = Json.mapper().readTree(Files.readString(json));
            assertThat(report.get("engine").asText()).startsWith("foundry Foundry Local CLI 0.8.119");
            JsonNode phases = report.get("phases");
            assertThat(phases.get(0).get("model").asText()).isEqualTo("stories-260k-generic-cpu:1");
            assertThat(phases.get(0).get("download_ms").asDouble()).isPositive();
            // the legacy service's status names no PID: the process listening on its port (here the test's JVM) is
            // found, so peak memory is measured instead of "—"
            assertThat(phases.get(0).get("peak_rss_bytes").asLong()).isGreaterThan(1_000_000L);
            assertThat(phases.get(0).get("events").toString()).contains("resolved 'stories-260k'")
                    .contains("hardware profile: CPU");
            assertThat(phases.get(1).get("model").asText()).isEqualTo("Phi-4-mini-instruct-generic-cpu:4");
            assertThat(phases.get(2).get("failure_code").asText()).isEqualTo("MODEL_NOT_FOUND");
            JsonNode samples = report.get("samples");
            assertThat(samples).hasSize(6); // two models × (cold + 2 measured)
            for (JsonNode s : samples) {
                assertThat(s.get("status").asText()).as(s.toString()).isEqualTo("ok");
                assertThat(s.get("model").asText()).endsWith("-generic-cpu:" + (s.get("model").asText().startsWith("Phi") ? "4" : "1"));
                assertThat(s.get("fingerprint").get("model_variant_id").asText()).isEqualTo(s.get("model").asText());
                assertThat(s.get("fingerprint").get("execution_provider").asText()).isEqualTo("CPUExecutionProvider");
                assertThat(s.get("fingerprint").get("device_type").asText()).isEqualTo("CPU");
                assertThat(s.get("fingerprint").get("engine").asText()).isEqualTo("foundry");
                assertThat(s.get("fingerprint").get("settings").get("foundry.version").asText()).isEqualTo("0.8.119+9b4be4ed38");
                assertThat(s.get("fingerprint").get("settings").get("variant.version").asText())
                        .isEqualTo(s.get("model").asText().substring(s.get("model").asText().lastIndexOf(':') + 1));
                assertThat(s.get("n_out").asInt()).isPositive();
                assertThat(s.get("tokens_approximate").asBoolean()).isFalse();
            }
            assertThat(d.cliCalls()).contains("service start");

            CliRun models = CliRun.of("models", "--engine", "foundry", "--endpoint", "");
            assertThat(models.code()).as(models.err()).isZero();
            assertThat(models.out()).contains("Phi-4-mini-instruct-vitis-npu:2").contains("VitisAIExecutionProvider")
                    .contains("Cache: " + d.cacheDir()).contains("2 cached model(s)");
        }
    }

    @Test
    void aLeaseRemovesWhatItDownloadedWhenAsked() throws Exception {
        try (FoundryDouble d = FoundryDouble.create(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY, dir.resolve("double"));
             FoundryEngine engine = DoubleSupport.engine(d);
             ResourceSampler sampler = new ResourceSampler(pid -> Optional.empty(), System::nanoTime, Duration.ofMillis(100))) {
            ModelMeasurement m = new ModelMeasurement(new RequestRunner(System::nanoTime, Clock.systemUTC(),
                    () -> UUID.randomUUID().toString()), sampler, System::nanoTime, ProcessHandle.current().pid());
            try (LeaseRunner runner = new LeaseRunner(engine, m, new FingerprintFactory(Fixtures.intelDesktop(),
                    engine.info(), "test"), "w-1")) {
                var variant = engine.resolve("stories-260k", null);
                List<LeasePrompt> prompts = List.of(new LeasePrompt("cell-1", new PromptSpec("p1", UseCase.CHAT,
                        "Once upon a time", 4, null), 0, 1));
                List<Sample> samples = new ArrayList<>();
                ModelPhases phases = runner.run(new Lease("l-1", "c-1", 1, variant, prompts, 0, "v1", 30, true),
                        samples::add, PlanListener.NONE, () -> false).get(60, TimeUnit.SECONDS);
                assertThat(phases.failureCode()).as(phases.failureMessage()).isNull();
                assertThat(phases.downloadMs()).isNotNull();
                assertThat(phases.events()).anyMatch(e -> e.startsWith("removed stories-260k-generic-cpu:1"));
                assertThat(d.cachedIds()).isEmpty();
                assertThat(samples).isNotEmpty().allMatch(Sample::ok);

                // cached before the lease: kept
                d.markCached(variant.id());
                ModelPhases kept = runner.run(new Lease("l-2", "c-1", 1, variant, prompts, 0, "v1", 30, true),
                        s -> { }, PlanListener.NONE, () -> false).get(60, TimeUnit.SECONDS);
                assertThat(kept.downloadMs()).isNull();
                assertThat(d.cachedIds()).containsExactly(variant.id());
            }
        }
    }
}
