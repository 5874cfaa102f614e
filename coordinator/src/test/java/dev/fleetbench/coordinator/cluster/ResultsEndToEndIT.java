package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The results' end-to-end check: a coordinator and two workers whose engines differ in speed (separate JVMs, simulated
 * engines on two hardware profiles). The aggregates rank the classes as the engines are fast, the recommendation names
 * the faster model where both pass, and every results endpoint answers from the stored samples.
 */
@Timeout(240)
class ResultsEndToEndIT {

    private static final String LAPTOP = HardwareClassifier.classify(Fixtures.snapdragonLaptop()).key();
    private static final String DESKTOP = HardwareClassifier.classify(Fixtures.intelDesktop()).key();

    @Test
    void fasterEnginesRankFirstAndTheFasterModelIsRecommendedWhereBothPass() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cluster-tests", "results-" + System.currentTimeMillis()));
        try (Processes procs = new Processes(dir)) {
            int http = Processes.freePort();
            int cluster = Processes.freePort();
            String url = "http://127.0.0.1:" + http;
            procs.coordinator(dir.resolve("coordinator"), http, cluster);
            Path laptop = Files.writeString(dir.resolve("laptop.json"), Json.write(Fixtures.snapdragonLaptop()));
            Path desktop = Files.writeString(dir.resolve("desktop.json"), Json.write(Fixtures.intelDesktop()));
            // the laptop's engine is twice as fast as the desktop's, and sim-fast is four times as fast as sim-slow
            procs.worker(dir.resolve("fast"), cluster, List.of("--engine", "simulated", "--simulated-ttft-ms", "5",
                    "--simulated-models", "sim-fast:2,sim-slow:8", "--hardware-profile", laptop.toString()));
            procs.worker(dir.resolve("slow"), cluster, List.of("--engine", "simulated", "--simulated-ttft-ms", "10",
                    "--simulated-models", "sim-fast:4,sim-slow:16", "--hardware-profile", desktop.toString()));
            Processes.await(Duration.ofSeconds(90), () -> {
                JsonNode w = procs.get(url, "/api/workers");
                return w != null && w.size() == 2;
            }, "two workers");
            String id = procs.post(url, "/api/campaigns", "application/json", """
                    {"name": "speed", "models": ["sim-fast", "sim-slow"], "repetitions": 6, "warmups": 0,
                     "max_repetition_factor": 1, "slo": {"max_error_rate": 0.5}, "evidence": {"min_requests": 6},
                     "prompts": [{"id": "hello", "category": "chat", "text": "Hello", "max_tokens": 16},
                                 {"id": "sort", "category": "code", "text": "Sort a list", "max_tokens": 16}]}""")
                    .get("id").asText();
            Processes.await(Duration.ofSeconds(120), () -> {
                JsonNode c = procs.get(url, "/api/campaigns/" + id);
                return c != null && c.get("state").asText().equals("done");
            }, "the campaign to finish");

            JsonNode agg = procs.get(url, "/api/aggregates?campaign=" + id + "&by=hardware_class,model");
            Map<String, Double> decode = new HashMap<>();
            for (JsonNode g : agg.get("groups")) {
                decode.put(g.get("hardware_class").asText() + "|" + g.get("model").asText(),
                        g.get("metrics").get("decode_tps").get("p50").asDouble());
                assertThat(g.get("requests").asInt()).isEqualTo(12);
                assertThat(g.get("comparable").asBoolean()).isTrue();
                assertThat(g.get("fingerprint").get("engine").asText()).isEqualTo("simulated");
            }
            assertThat(decode).hasSize(4);
            assertThat(decode.get(LAPTOP + "|sim-fast")).isGreaterThan(decode.get(DESKTOP + "|sim-fast"));
            assertThat(decode.get(LAPTOP + "|sim-slow")).isGreaterThan(decode.get(DESKTOP + "|sim-slow"));
            assertThat(decode.get(DESKTOP + "|sim-fast")).isGreaterThan(decode.get(DESKTOP + "|sim-slow"));
            assertThat(agg.get("definitions").get("decode_tps").asText()).contains("(n_out − 1)");

            JsonNode recs = procs.get(url, "/api/recommendations?campaign=" + id);
            assertThat(recs.get("classes")).hasSize(2);
            for (JsonNode cls : recs.get("classes")) {
                assertThat(cls.get("use_cases")).hasSize(2);
                for (JsonNode u : cls.get("use_cases")) {
                    assertThat(u.get("recommended").asText()).as(u.toString()).isEqualTo("sim-fast");
                    assertThat(u.get("alternatives").get(0).get("model").asText()).isEqualTo("sim-slow");
                    // no check on any answer, equal parameter counts: only speed separates them, and it says so
                    assertThat(u.get("alternatives").get(0).get("reason").asText()).isEqualTo("ranked_lower");
                    assertThat(u.get("basis").asText()).isEqualTo("speed");
                    assertThat(u.get("summary").asText()).contains("ranked by speed: no quality evidence");
                }
            }
            JsonNode fits = procs.get(url, "/api/fits?campaign=" + id).get("models").get("sim-fast");
            assertThat(fits.get(0).get("hardware_class").asText()).as("the faster class first").isEqualTo(LAPTOP);
            JsonNode models = procs.get(url, "/api/export/models.json?campaign=" + id);
            assertThat(models.get("hardware_classes")).allSatisfy(c ->
                    assertThat(c.get("recommended").get("chat").get("model").asText()).isEqualTo("sim-fast"));
            JsonNode compare = procs.get(url, "/api/compare?a=class:" + LAPTOP + "&b=class:" + DESKTOP);
            assertThat(compare.get("models").get(0).get("b_over_a").get("decode_tps_p50").asDouble()).isLessThan(1.0);
            JsonNode pair = procs.get(url, "/api/answers?campaign=" + id + "&prompt=hello");
            assertThat(pair.get("a").get("text").asText()).isNotBlank();
            JsonNode rated = procs.post(url, "/api/ratings", "application/json", "{\"pair_id\":\""
                    + pair.get("pair_id").asText() + "\",\"a\":{\"accuracy\":4,\"clarity\":5,\"completeness\":3},"
                    + "\"b\":{\"accuracy\":2,\"clarity\":2,\"completeness\":2}}");
            assertThat(rated.get("revealed").get("a").asText()).isIn("sim-fast", "sim-slow");
            assertThat(procs.get(url, "/api/regressions")).isEmpty();
        }
    }
}
