package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two live agents with one worker identity (the second started on a copy of the first's data directory), as separate
 * JVMs: the coordinator does not merge them into one machine silently. It flags the worker on {@code /api/workers}
 * (the Fleet page shows it), logs {@code worker.duplicate}, and both agents are told and log it.
 */
@Timeout(180)
class DuplicateIdentityIT {

    @Test
    void aCopiedDataDirectoryIsFlaggedAndBothAgentsAreTold() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cluster-tests", "duplicate-" + System.currentTimeMillis()));
        try (Processes procs = new Processes(dir)) {
            int httpPort = Processes.freePort();
            int clusterPort = Processes.freePort();
            String url = "http://127.0.0.1:" + httpPort;
            procs.coordinator(dir.resolve("coordinator"), httpPort, clusterPort);
            Path first = dir.resolve("first");
            procs.worker(first, clusterPort, List.of("--engine", "simulated"), Map.of());
            Processes.await(Duration.ofSeconds(90), () -> {
                JsonNode w = procs.get(url, "/api/workers");
                return w != null && w.size() == 1;
            }, "the first agent to join");
            JsonNode alone = procs.get(url, "/api/workers").get(0);
            assertThat(alone.get("duplicate_identity").asBoolean()).as("one agent is no duplicate").isFalse();
            String id = alone.get("worker_id").asText();

            Path copy = Files.createDirectories(dir.resolve("copy"));
            Files.copy(first.resolve("worker-id"), copy.resolve("worker-id"));
            procs.worker(copy, clusterPort, List.of("--engine", "simulated"), Map.of());

            Processes.await(Duration.ofSeconds(90), () -> {
                JsonNode w = procs.get(url, "/api/workers");
                return w != null && w.size() == 1 && w.get(0).get("duplicate_identity").asBoolean();
            }, "the worker to be flagged as a duplicate identity");
            assertThat(procs.get(url, "/api/workers")).as("still one worker: nothing was merged into a second").hasSize(1);
            Processes.await(Duration.ofSeconds(30), () -> Processes.log(first.resolve("worker.log"))
                    .contains("event=worker.duplicate worker=" + id)
                    && Processes.log(copy.resolve("worker.log")).contains("event=worker.duplicate worker=" + id),
                    "both agents to log the duplicate");
            assertThat(Processes.log(dir.resolve("coordinator").resolve("coordinator.log")))
                    .contains("event=worker.duplicate worker=" + id);
        }
    }
}
