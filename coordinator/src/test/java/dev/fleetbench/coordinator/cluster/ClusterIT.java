package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.TestInfo;

/**
 * A coordinator and workers as separate JVMs on loopback (architecture.md test tier 3): campaigns complete, and
 * SIGKILL of a worker or of the coordinator loses no sample and doubles none.
 */
@Timeout(300)
class ClusterIT {

    /** Under target/ so that the process logs outlive a failed test. */
    private Path dir;
    private Processes procs;
    private int httpPort;
    private int clusterPort;
    private String url;

    private static final List<String> SLOW_SIMULATED = List.of("--engine", "simulated", "--simulated-models",
            "sim-small", "--simulated-ttft-ms", "20", "--simulated-token-ms", "15");

    private static final String SIM_SPEC = """
            {"name": "kill test", "models": ["sim-small"], "repetitions": 8, "warmups": 1,
             "prompts": [{"id": "a", "text": "first", "max_tokens": 16}, {"id": "b", "text": "second", "max_tokens": 16}]}""";

    @BeforeEach
    void setUp(TestInfo test) throws Exception {
        dir = Files.createDirectories(Path.of("target", "cluster-tests",
                test.getTestMethod().orElseThrow().getName() + "-" + System.currentTimeMillis()));
        procs = new Processes(dir);
        httpPort = Processes.freePort();
        clusterPort = Processes.freePort();
        url = "http://127.0.0.1:" + httpPort;
    }

    @AfterEach
    void tearDown() {
        procs.close();
    }

    private void awaitWorkers(int n) throws InterruptedException {
        Processes.await(Duration.ofSeconds(90), () -> {
            JsonNode w = procs.get(url, "/api/workers");
            return w != null && w.size() == n && Stream.of(w).flatMap(x -> java.util.stream.StreamSupport.stream(
                    x.spliterator(), false)).allMatch(x -> x.get("status").asText().matches("ready|busy"));
        }, n + " workers to be ready");
    }

    private String submit(String spec) throws Exception {
        return procs.post(url, "/api/campaigns", "application/json", spec).get("id").asText();
    }

    private JsonNode awaitState(String id, String state, Duration max) throws InterruptedException {
        Processes.await(max, () -> {
            JsonNode c = procs.get(url, "/api/campaigns/" + id);
            return c != null && c.get("state").asText().equals(state);
        }, "campaign " + id + " to be " + state);
        return procs.get(url, "/api/campaigns/" + id);
    }

    private void assertExactlyOnce(String id, Path... workerDirs) throws Exception {
        ExactlyOnce.check(procs, url, id, workerDirs);
    }

    @Test
    void aCoordinatorAndTwoWorkersFinishACampaignOnTheEmbeddedEngine() throws Exception {
        procs.coordinator(dir.resolve("coordinator"), httpPort, clusterPort);
        Path w1 = dir.resolve("w1");
        Path w2 = dir.resolve("w2");
        Path models = dir.resolve("models");
        procs.worker(w1, clusterPort, List.of("--engine", "embedded", "--models-dir", models.toString(), "--threads", "1"));
        procs.worker(w2, clusterPort, List.of("--engine", "embedded", "--models-dir", models.toString(), "--threads", "1"));
        awaitWorkers(2);
        String id = submit("""
                {"name": "two workers", "models": ["stories260K", "no-such-model"], "repetitions": 2, "warmups": 1,
                 "max_repetition_factor": 1,
                 "prompts": [{"id": "once", "text": "Once upon a time", "max_tokens": 16,
                              "expect": {"contains": "there was a little girl"}},
                             {"id": "code", "category": "code", "text": "Write a function", "max_tokens": 8}]}""");
        JsonNode done = awaitState(id, "done", Duration.ofSeconds(120));
        assertThat(done.get("cells_total").asInt()).isEqualTo(2 * 2 * 2);
        assertThat(done.get("cells_done").asInt()).isEqualTo(4);
        assertThat(done.get("cells_does_not_fit").asInt()).as("no-such-model on both machines").isEqualTo(4);
        // per worker: cold + 1 warm-up + 2 prompts x 2 repetitions
        assertThat(done.get("samples").asInt()).isEqualTo(2 * (1 + 1 + 4));
        JsonNode samples = procs.get(url, "/api/campaigns/" + id + "/samples");
        for (JsonNode s : samples) {
            assertThat(s.get("status").asText()).isEqualTo("ok");
            assertThat(s.get("fingerprint").get("engine").asText()).isEqualTo("embedded");
            if (s.get("prompt_id").asText().equals("once")) {
                assertThat(s.get("text").asText()).isEqualTo(", there was a little girl named Lily. She loved to play");
            }
        }
        List<JsonNode> dnf = java.util.stream.StreamSupport.stream(procs.get(url, "/api/campaigns/" + id + "/cells")
                .spliterator(), false).filter(c -> c.get("status").asText().equals("does_not_fit")).toList();
        assertThat(dnf).allSatisfy(c -> assertThat(c.get("reason").asText())
                .isEqualTo("'no-such-model' is not in this worker's catalog"));
        assertExactlyOnce(id, w1, w2);
    }

    @Test
    void aWorkerKilledMidLeaseGetsItsCellsBackAndNothingIsLostOrDoubled() throws Exception {
        procs.coordinator(dir.resolve("coordinator"), httpPort, clusterPort);
        Path w1 = dir.resolve("w1");
        Path w2 = dir.resolve("w2");
        Process victim = procs.worker(w1, clusterPort, SLOW_SIMULATED);
        procs.worker(w2, clusterPort, SLOW_SIMULATED);
        awaitWorkers(2);
        String id = submit(SIM_SPEC);
        Processes.await(Duration.ofSeconds(60), () -> procs.measured(url, id) >= 6, "some samples to be stored");
        Processes.kill(victim);
        Processes.await(Duration.ofSeconds(30), () -> {
            JsonNode w = procs.get(url, "/api/workers");
            return w != null && w.toString().contains("\"missing\"");
        }, "the killed worker to be missing");
        procs.worker(w1, clusterPort, SLOW_SIMULATED);
        awaitState(id, "done", Duration.ofSeconds(120));
        assertExactlyOnce(id, w1, w2);
    }

    @Test
    void aCoordinatorKilledMidCampaignAndRestartedFinishesItWithNothingLostOrDoubled() throws Exception {
        Path coordinatorDir = dir.resolve("coordinator");
        Process coordinator = procs.coordinator(coordinatorDir, httpPort, clusterPort);
        Path w1 = dir.resolve("w1");
        Path w2 = dir.resolve("w2");
        procs.worker(w1, clusterPort, SLOW_SIMULATED);
        procs.worker(w2, clusterPort, SLOW_SIMULATED);
        awaitWorkers(2);
        String id = submit(SIM_SPEC);
        Processes.await(Duration.ofSeconds(60), () -> procs.measured(url, id) >= 6, "some samples to be stored");
        Processes.kill(coordinator);
        Thread.sleep(2000); // the workers keep measuring into their outboxes while the coordinator is away
        procs.coordinator(coordinatorDir, httpPort, clusterPort);
        awaitState(id, "done", Duration.ofSeconds(150));
        assertExactlyOnce(id, w1, w2);
    }
}
