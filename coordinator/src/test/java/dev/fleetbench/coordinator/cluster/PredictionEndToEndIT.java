package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The prediction to check, end to end on the embedded engine: a real coordinator and a real worker (separate JVMs,
 * llama.cpp in the worker) that measures its memory bandwidth when it starts. A campaign of the trained stories260K
 * and the synthetic 8M model runs, and {@code /api/campaigns/{id}/predictions} gives every cell a predicted decode
 * rate (from the registered bandwidth and the model's size) beside the measured median, with a finite error per class.
 * With a minimum decode rate no machine can reach and {@code skip_predicted_too_slow}, the cells end
 * {@code predicted_too_slow} with their prediction and no lease is ever issued.
 */
@Timeout(420)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictionEndToEndIT {

    private Path dir;
    private Processes procs;
    private String url;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createDirectories(Path.of("target", "cluster-tests", "predict-" + System.currentTimeMillis()));
        procs = new Processes(dir);
        int http = Processes.freePort();
        int cluster = Processes.freePort();
        url = "http://127.0.0.1:" + http;
        procs.coordinator(dir.resolve("coordinator"), http, cluster);
        procs.worker(dir.resolve("worker"), cluster, List.of("--engine", "embedded", "--models-dir",
                dir.resolve("models").toString(), "--threads", "1"));
        Processes.await(Duration.ofSeconds(120), () -> {
            JsonNode w = procs.get(url, "/api/workers");
            return w != null && w.size() == 1;
        }, "the worker");
    }

    @AfterAll
    void stop() {
        if (procs != null) {
            procs.close();
        }
    }

    private JsonNode finished(String id, Duration max) throws InterruptedException {
        Processes.await(max, () -> {
            JsonNode c = procs.get(url, "/api/campaigns/" + id);
            return c != null && !c.get("state").asText().equals("running");
        }, "campaign " + id + " to finish");
        return procs.get(url, "/api/campaigns/" + id);
    }

    @Test
    void theWorkerMeasuresItsBandwidthAndEveryCellsPredictionStandsBesideItsMeasurement() throws Exception {
        JsonNode bw = procs.get(url, "/api/workers").get(0).get("hardware").get("memory_bandwidth");
        assertThat(bw).as("the worker registers the bandwidth it measured").isNotNull();
        double gbs = bw.get("gb_per_second").asDouble();
        System.out.printf("measured memory bandwidth: %.2f GB/s (%s; %.0f ms)%n", gbs, bw.get("method").asText(),
                bw.get("duration_ms").asDouble());
        assertThat(gbs).isFinite().isPositive();
        assertThat(bw.get("method").asText()).startsWith("parallel copy between two ");
        assertThat(bw.get("duration_ms").asDouble()).isPositive().isLessThan(5_000);

        String id = procs.post(url, "/api/campaigns", "application/json", """
                {"name": "predict", "models": ["stories260K", "synthetic-8m"], "repetitions": 3, "warmups": 1,
                 "max_repetition_factor": 1,
                 "prompts": [{"id": "once", "text": "Once upon a time", "max_tokens": 16}]}""").get("id").asText();
        JsonNode c = finished(id, Duration.ofSeconds(300));
        assertThat(c.get("state").asText()).as(procs.get(url, "/api/campaigns/" + id + "/cells").toString())
                .isEqualTo("done");
        assertThat(c.get("cells_done").asInt()).isEqualTo(2);

        JsonNode doc = procs.get(url, "/api/campaigns/" + id + "/predictions");
        System.out.println("GET /api/campaigns/" + id + "/predictions rows: " + doc.get("rows") + " classes: "
                + doc.get("classes"));
        assertThat(doc.get("cells")).hasSize(2);
        for (JsonNode cell : doc.get("cells")) {
            JsonNode p = cell.get("prediction");
            assertThat(p.isObject()).as(cell.toString()).isTrue();
            assertThat(p.get("bandwidth_gb_per_second").asDouble()).isEqualTo(gbs);
            // decode = bandwidth ÷ bytes per token, on the file size the worker's catalog gave
            assertThat(p.get("weight_bytes").asLong()).isPositive();
            assertThat(p.get("decode_tps").asDouble()).isCloseTo(gbs * 1e9 / p.get("bytes_per_token").asLong(),
                    within(1e-6 * p.get("decode_tps").asDouble()));
            assertThat(p.get("kv_bytes_per_token").asLong()).as("the engine's catalog knows the cache size").isPositive();
            assertThat(p.get("fits").asBoolean()).isTrue();
            assertThat(cell.get("measured_decode_p50").asDouble()).isPositive();
            assertThat(cell.get("n").asInt()).isEqualTo(3);
            assertThat(cell.get("abs_pct_error").asDouble()).isFinite().isNotNegative();
        }
        assertThat(doc.get("rows")).hasSize(2).allSatisfy(r -> {
            assertThat(r.get("predicted_decode_tps").asDouble()).isPositive();
            assertThat(r.get("measured_decode_p50").asDouble()).isPositive();
            assertThat(r.get("n").asInt()).isEqualTo(3);
            assertThat(r.get("ratio").asDouble()).isCloseTo(r.get("measured_decode_p50").asDouble()
                    / r.get("predicted_decode_tps").asDouble(), within(1e-9));
        });
        assertThat(doc.get("classes")).hasSize(1);
        JsonNode cls = doc.get("classes").get(0);
        assertThat(cls.get("scored_cells").asInt()).isEqualTo(2);
        assertThat(cls.get("median_abs_pct_error").asDouble()).isFinite().isNotNegative();
        assertThat(doc.get("definitions").get("predicted_decode_tps").asText()).startsWith("Estimated, not measured");
    }

    @Test
    void withAMinimumNoMachineCanReachAndTheSkipOptionCellsEndPredictedTooSlowWithoutALease() throws Exception {
        String id = procs.post(url, "/api/campaigns", "application/json", """
                {"name": "hopeless", "models": ["stories260K"], "repetitions": 2, "warmups": 1,
                 "slo": {"decode_p50_min_tps": 1000000}, "skip_predicted_too_slow": {"factor": 3},
                 "prompts": [{"id": "once", "text": "Once upon a time", "max_tokens": 16},
                             {"id": "code", "category": "code", "text": "Write a function", "max_tokens": 8}]}""")
                .get("id").asText();
        JsonNode c = finished(id, Duration.ofSeconds(60));
        assertThat(c.get("state").asText()).isEqualTo("done");
        assertThat(c.get("cells_predicted_too_slow").asInt()).isEqualTo(2);
        assertThat(c.get("cells_done").asInt()).isZero();
        assertThat(c.get("samples").asInt()).isZero();
        assertThat(c.get("notes").toString()).contains("predicted too slow on every machine it fits");
        for (JsonNode cell : procs.get(url, "/api/campaigns/" + id + "/cells")) {
            assertThat(cell.get("status").asText()).isEqualTo("predicted_too_slow");
            assertThat(cell.get("measured").asInt()).isZero();
            assertThat(cell.get("reason").asText()).startsWith("predicted ")
                    .contains("tok/s decode", "GB/s measured bandwidth", "more than 3× below the minimum of 1000000 tok/s");
        }
        JsonNode doc = procs.get(url, "/api/campaigns/" + id + "/predictions");
        JsonNode row = doc.get("rows").get(0);
        assertThat(row.get("skipped").asInt()).isEqualTo(2);
        assertThat(row.get("predicted_decode_tps").asDouble()).isPositive().isLessThan(1_000_000 / 3.0);
        assertThat(row.get("measured_decode_p50").isNull()).isTrue();
        // never leased: the coordinator's log has no lease of this campaign
        String log = Processes.log(dir.resolve("coordinator").resolve("coordinator.log"));
        assertThat(log.lines().filter(l -> l.contains("lease.issued") && l.contains(id)).toList()).isEmpty();
    }
}
