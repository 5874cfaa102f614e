package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A context-length sweep end to end: a coordinator and a worker on the embedded engine as separate JVMs on loopback
 * run a synthetic model (2,048-token window) at four prompt lengths; {@code GET /api/campaigns/{id}/context} gives one
 * row per length, with n, TTFT rising with the length, prompts counted by the model's own tokenizer, peak memory read,
 * and the length beyond the window a does_not_fit row naming it.
 */
@Timeout(300)
class ContextEndToEndIT {

    private Path dir;
    private Processes procs;
    private String url;
    private int clusterPort;
    private int httpPort;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createDirectories(Path.of("target", "cluster-tests", "context-" + System.currentTimeMillis()));
        procs = new Processes(dir);
        httpPort = Processes.freePort();
        clusterPort = Processes.freePort();
        url = "http://127.0.0.1:" + httpPort;
    }

    @AfterEach
    void tearDown() {
        procs.close();
    }

    @Test
    void aSweepOnTheEmbeddedEngineGivesOneRowPerLengthWithTtftRisingAndTheWindowOfTheLengthThatDoesNotFit()
            throws Exception {
        procs.coordinator(dir.resolve("coordinator"), httpPort, clusterPort);
        procs.worker(dir.resolve("w1"), clusterPort, List.of("--engine", "embedded", "--models-dir",
                dir.resolve("models").toString(), "--threads", "2"));
        Processes.await(Duration.ofSeconds(90), () -> {
            JsonNode w = procs.get(url, "/api/workers");
            return w != null && w.size() == 1 && w.get(0).get("status").asText().matches("ready|busy");
        }, "the worker to be ready");
        String id = procs.post(url, "/api/campaigns", "application/json", """
                {"name": "prompt lengths", "models": ["synthetic-8m"], "context": [128, 512, 1536, 4096],
                 "repetitions": 3, "warmups": 1, "max_repetition_factor": 1, "max_tokens": 8}""").get("id").asText();
        Processes.await(Duration.ofSeconds(240), () -> {
            JsonNode c = procs.get(url, "/api/campaigns/" + id);
            return c != null && c.get("state").asText().equals("done");
        }, "the sweep to finish");

        JsonNode doc = procs.get(url, "/api/campaigns/" + id + "/context");
        assertThat(doc.get("lengths")).extracting(JsonNode::asInt).containsExactly(128, 512, 1536, 4096);
        JsonNode rows = doc.get("rows");
        assertThat(rows).extracting(r -> r.get("context_tokens").asInt()).containsExactly(128, 512, 1536, 4096);
        List<Double> ttft = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode r = rows.get(i);
            assertThat(r.get("model").asText()).isEqualTo("synthetic-8m");
            assertThat(r.get("requests").asInt()).isEqualTo(3);
            assertThat(r.get("failures").asInt()).isZero();
            assertThat(r.get("ttft_ms").get("n").asInt()).isEqualTo(3);
            assertThat(r.get("prefill_tps").get("p50").asDouble()).isPositive();
            assertThat(r.get("peak_rss_bytes").get("n").asInt()).as("peak memory read during each request").isEqualTo(3);
            assertThat(r.get("approximate").asInt()).as("counted by the model's tokenizer").isZero();
            assertThat(r.get("does_not_fit").isNull()).isTrue();
            ttft.add(r.get("ttft_ms").get("p50").asDouble());
        }
        System.out.printf("synthetic-8m TTFT p50 at 128, 512, 1536 prompt tokens: %s ms%n", ttft);
        assertThat(ttft).as("TTFT rises with the prompt's length").isSorted().doesNotHaveDuplicates();
        JsonNode tooLong = rows.get(3);
        assertThat(tooLong.get("requests").asInt()).isZero();
        assertThat(tooLong.get("ttft_ms").get("n").asInt()).isZero();
        assertThat(tooLong.get("does_not_fit").asText()).contains("4096 tokens").contains("context window of 2048 tokens");

        // every measured sample of a length that fits says how its prompt was built, and has the length asked for
        JsonNode samples = procs.get(url, "/api/campaigns/" + id + "/samples");
        int counted = 0;
        for (JsonNode s : samples) {
            if (s.get("kind").asText().equals("measured") && s.get("status").asText().equals("ok")) {
                JsonNode built = s.get("context_prompt");
                assertThat(built.get("approximate").asBoolean()).isFalse();
                assertThat(built.get("method").asText()).isEqualTo("counted with the model's tokenizer");
                assertThat(s.get("n_in").asInt()).isEqualTo(built.get("target_tokens").asInt());
                assertThat(s.get("peak_rss_bytes").asLong()).isPositive();
                counted++;
            }
        }
        assertThat(counted).isEqualTo(9);
        String report = procs.text(url, "/api/campaigns/" + id + "/report.html");
        assertThat(report).contains("Prompt length").contains("context window of 2048 tokens");
    }
}
