package dev.fleetbench.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.fleetbench.worker.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench command end to end on the real embedded engine, through the same entry point as the launcher. */
class BenchCommandTest {

    private static final String GREEDY_32 =
            ", there was a little girl named Lily. She loved to play outside in the park. One day, she saw";

    @TempDir
    Path dir;



    @Test
    void benchesTheBundledModelAndWritesTheContractJson() throws Exception {
        Path json = dir.resolve("out/bench.json");
        Path csv = dir.resolve("out/bench.csv");
        CliRun r = CliRun.of("bench", "--data-dir", dir.toString(), "--model", "stories260K", "--model", "no-such-model",
                "--prompt", "Once upon a time", "--max-tokens", "32", "--repeat", "2", "--warmup", "1",
                "--min-requests", "2", "--max-error-rate", "0.9",
                "--json", json.toString(), "--csv", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("stories260K").contains("MODEL_NOT_FOUND").contains("chat: Recommended: stories260K");

        JsonNode report = Json.mapper().readTree(Files.readString(json));
        assertThat(report.get("hardware").get("cpu").get("logical_cores").asInt()).isPositive();
        assertThat(report.get("phases")).hasSize(2);
        JsonNode phase = report.get("phases").get(0);
        assertThat(phase.get("model").asText()).isEqualTo("stories260K");
        assertThat(phase.get("load_ms").asDouble()).isPositive();
        assertThat(phase.get("cold_ttft_ms").asDouble()).isPositive();
        assertThat(phase.get("peak_rss_bytes").asLong()).isPositive();
        assertThat(report.get("phases").get(1).get("failure_code").asText()).isEqualTo("MODEL_NOT_FOUND");
        // cold + 1 warm-up + 2 measured
        JsonNode samples = report.get("samples");
        assertThat(samples).hasSize(4);
        for (JsonNode s : samples) {
            assertThat(s.get("status").asText()).isEqualTo("ok");
            assertThat(s.get("failure_code").isNull()).isTrue();
            assertThat(s.get("text").asText()).isEqualTo(GREEDY_32);
            assertThat(s.get("n_out").asInt()).isEqualTo(32);
            assertThat(s.get("tokens_approximate").asBoolean()).isFalse();
            assertThat(s.get("ttft_ms").asDouble()).isPositive();
            assertThat(s.get("tpot_ms").asDouble()).isPositive();
            assertThat(s.get("fingerprint").get("engine").asText()).isEqualTo("embedded");
            assertThat(s.has("id") && s.has("prompt_id") && s.has("warmup") && s.has("e2e_ms") && s.has("decode_tps")
                    && s.has("n_in")).isTrue();
        }
        assertThat(samples.get(0).get("warmup").asBoolean()).isTrue();
        assertThat(samples.get(3).get("warmup").asBoolean()).isFalse();
        assertThat(Files.readAllLines(csv)).hasSize(5);
    }

    @Test
    void badInputGetsAClearMessageAndNoStackTrace() throws Exception {
        Path prompts = Files.writeString(dir.resolve("bad.json"), "[{\"txt\": \"typo\"}]");
        CliRun r = CliRun.of("bench", "--data-dir", dir.toString(), "--prompts", prompts.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("fleetbench bench: prompts file").contains("unknown field 'txt'")
                .doesNotContain("Exception").doesNotContain("\tat ");

        CliRun engine = CliRun.of("bench", "--engine", "ollama");
        assertThat(engine.code()).isEqualTo(2);
        assertThat(engine.err()).contains("unknown engine 'ollama'");

        CliRun device = CliRun.of("bench", "--data-dir", dir.toString(), "--device", "tpu", "--model", "stories260K");
        assertThat(device.code()).isEqualTo(2);
        assertThat(device.err()).contains("unknown device type 'tpu'");

        Path noLib = Files.createDirectories(dir.resolve("no-lib"));
        CliRun lib = CliRun.of("bench", "--data-dir", dir.toString(), "--llama-lib", noLib.toString(), "--model",
                "stories260K");
        assertThat(lib.code()).isEqualTo(2);
        assertThat(lib.err()).contains("--llama-lib " + noLib + ": the folder holds no libjllama.so")
                .doesNotContain("\tat ");
    }

    @Test
    void aCorruptModelFileIsARowWithItsReason() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.write(models.resolve("broken.gguf"), "GGUF but not really".getBytes(StandardCharsets.UTF_8));
        CliRun r = CliRun.of("bench", "--data-dir", dir.toString(), "--model", "broken", "--prompt", "hi", "--max-tokens", "4",
                "--repeat", "1", "--warmup", "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("broken").contains("MODEL_INVALID").contains("broken.gguf")
                .contains("No model meets the service levels");
    }
}
