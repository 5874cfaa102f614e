package dev.fleetbench.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.worker.engine.openai.Script;
import dev.fleetbench.worker.engine.openai.ScriptedOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.fleetbench.worker.testing.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * bench against a misbehaving OpenAI-compatible server: every bad answer is a failed sample with its code, the run
 * completes with exit code 0, and the user never sees a stack trace.
 */
class BenchOpenAiFailuresTest {

    private static ScriptedOpenAiServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = ScriptedOpenAiServer.start();
        server.route("GET /v1/models", 200, "{\"object\":\"list\",\"data\":[{\"id\":\"scripted-model\",\"object\":\"model\"}]}");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Script script(String kind) {
        return switch (kind) {
            case "http-500" -> Script.httpError(500, "{\"error\":{\"message\":\"model crashed\",\"type\":\"server_error\"}}");
            case "hang" -> Script.tokens("a", "b", "c").hangAfter(1);
            case "malformed" -> Script.tokens("a", "b", "c").malformedAfter(1, "data: {not json\n\n");
            case "reset" -> Script.tokens("a", "b", "c").resetAfter(2);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"http-500, HTTP_ERROR", "hang, TIMEOUT", "malformed, STREAM_MALFORMED", "reset, CONNECTION_RESET"})
    void aMisbehavingServerGivesFailedSamplesWithCodes(String kind, String code) throws Exception {
        server.script(script(kind));
        Path json = dir.resolve("out.json");
        CliRun run = CliRun.of("bench", "--engine", "openai", "--endpoint", server.endpoint(),
                "--data-dir", dir.toString(), "--model", "scripted-model", "--prompt", "hello", "--repeat", "1",
                "--warmup", "0", "--request-timeout", "1", "--json", json.toString());
        int exit = run.code();
        String stderr = run.err();
        assertThat(exit).as(stderr).isZero();
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in");
        assertThat(run.out()).contains(code);
        JsonNode samples = Json.mapper().readTree(Files.readString(json)).get("samples");
        List<String> codes = new ArrayList<>();
        samples.forEach(s -> codes.add(s.get("status").asText() + ":" + s.get("failure_code").asText()));
        assertThat(codes).containsExactly("failed:" + code, "failed:" + code);
    }
}
