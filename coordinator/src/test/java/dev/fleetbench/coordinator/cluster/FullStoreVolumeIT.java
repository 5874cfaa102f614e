package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.coordinator.testing.SmallVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The coordinator's store volume fills up under real workers: the coordinator's data folder (its DuckDB file) is a
 * small tmpfs of its own, two worker JVMs measure on the simulated engine with an outbox limited to
 * {@value #OUTBOX_LIMIT} samples, and the test fills the volume while they measure. Ingestion fails ({@code
 * store.failed} in the log, {@code /api/health} degraded with the reason), no batch is acknowledged, the workers keep
 * their samples until their outboxes are full, then wait and say so in their heartbeats ({@code /api/workers}) and
 * logs. When the space is freed the same coordinator, not restarted, stores everything: the campaign completes with
 * every repetition once, no lease issued again. Prints the figures the README quotes ("FULL STORE ..."). Skipped,
 * saying why, where a tmpfs cannot be mounted (no root).
 */
@Timeout(360)
class FullStoreVolumeIT {

    private static final int OUTBOX_LIMIT = 30;
    private static final int REPETITIONS = 60;
    private static final List<String> SIMULATED = List.of("--engine", "simulated", "--simulated-models", "sim-small",
            "--simulated-ttft-ms", "20", "--simulated-token-ms", "15", "--outbox-limit", Integer.toString(OUTBOX_LIMIT));

    private Processes procs;
    private SmallVolume volume;

    @AfterEach
    void tearDown() throws Exception {
        if (procs != null) {
            procs.close();
        }
        if (volume != null) {
            volume.close();
        }
    }

    @Test
    void aFullStoreAcknowledgesNothingTheWorkersHoldTheirSamplesAndAllLandOnceWhenSpaceIsBack() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cluster-tests", "full-store-" + System.currentTimeMillis()))
                .toAbsolutePath();
        StringBuilder why = new StringBuilder();
        volume = SmallVolume.mount(dir.resolve("store"), 32, why);
        assumeTrue(volume != null, why::toString);
        procs = new Processes(dir);
        int http = Processes.freePort();
        int cluster = Processes.freePort();
        String url = "http://127.0.0.1:" + http;
        Path log = dir.resolve("coordinator.log");
        procs.coordinator(List.of(), "127.0.0.1", volume.dir(), log, http, cluster, List.of(), Map.of());
        Path w1 = dir.resolve("w1");
        Path w2 = dir.resolve("w2");
        procs.worker(w1, cluster, SIMULATED);
        procs.worker(w2, cluster, SIMULATED);
        Processes.await(Duration.ofSeconds(120), () -> {
            JsonNode w = procs.get(url, "/api/workers");
            return w != null && w.size() == 2 && w.toString().split("\"status\":\"(ready|busy)\"", -1).length == 3;
        }, "2 workers to be ready");
        String id = procs.post(url, "/api/campaigns", "application/json", """
                {"name": "full store", "models": ["sim-small"], "repetitions": %d, "warmups": 1,
                 "max_repetition_factor": 1,
                 "prompts": [{"id": "a", "text": "first", "max_tokens": 16}, {"id": "b", "text": "second", "max_tokens": 16}]}"""
                .formatted(REPETITIONS)).get("id").asText();
        Processes.await(Duration.ofSeconds(120), () -> procs.measured(url, id) >= 8, "some samples to be stored");

        long fullAt = System.nanoTime();
        volume.fill(0);
        Processes.await(Duration.ofSeconds(60), () -> {
            JsonNode h = procs.get(url, "/api/health");
            return h != null && "degraded".equals(h.path("status").asText());
        }, "/api/health to say the store is failing");
        JsonNode health = procs.get(url, "/api/health");
        assertThat(health.path("store").path("status").asText()).isEqualTo("failing");
        assertThat(health.path("store").path("reason").asText()).as(health.toString()).contains("No space left on device");
        // both workers fill their outboxes to the limit, then wait, saying why
        Processes.await(Duration.ofSeconds(120), () -> pausedWorkers(url).size() == 2,
                "both workers to report a full outbox in their heartbeats");
        int storedWhileFull = procs.measured(url, id);
        long heldInOutboxes = outboxFiles(w1) + outboxFiles(w2);
        assertThat(pausedWorkers(url)).allSatisfy(p -> assertThat(p).startsWith("outbox full: " + OUTBOX_LIMIT
                + " samples await the coordinator's acknowledgement (limit " + OUTBOX_LIMIT + ")"));
        assertThat(outboxFiles(w1)).as("w1's outbox, bounded").isEqualTo(OUTBOX_LIMIT);
        assertThat(outboxFiles(w2)).as("w2's outbox, bounded").isEqualTo(OUTBOX_LIMIT);
        for (Path w : List.of(w1, w2)) {
            // the heartbeat says "full" as soon as the outbox holds its limit; the log line comes when the measuring
            // thread next has a sample to keep and starts to wait
            Processes.await(Duration.ofSeconds(60), () -> Processes.log(w.resolve("worker.log"))
                    .contains("event=outbox.full"), w.getFileName() + " to log that its outbox is full");
            assertThat(Processes.log(w.resolve("worker.log"))).contains("event=batch.unacked");
        }
        String logWhileFull = Processes.log(log);
        long failedIngests = logWhileFull.lines().filter(l -> l.contains("event=store.failed") && l.contains("op=ingest"))
                .count();
        assertThat(failedIngests).as("store.failed events for batches").isPositive();
        assertThat(logWhileFull).as("the failed write named").contains("Could not write file");
        assertThat(procs.measured(url, id)).as("nothing stored (nor acknowledged) while the volume is full")
                .isEqualTo(storedWhileFull);
        long fullMs = (System.nanoTime() - fullAt) / 1_000_000;

        long freedAt = System.nanoTime();
        volume.free();
        Processes.await(Duration.ofSeconds(240), () -> {
            JsonNode c = procs.get(url, "/api/campaigns/" + id);
            return c != null && c.get("state").asText().equals("done");
        }, "the campaign to be done once space is back");
        long doneAfterFreeMs = (System.nanoTime() - freedAt) / 1_000_000;
        ExactlyOnce.check(procs, url, id, w1, w2);
        JsonNode after = procs.get(url, "/api/health");
        assertThat(after.path("status").asText()).as("healthy again, without a restart: " + after).isEqualTo("ok");
        assertThat(after.path("store").path("status").asText()).isEqualTo("ok");
        assertThat(pausedWorkers(url)).as("no worker paused any more").isEmpty();
        String coordinatorLog = Processes.log(log);
        long leases = coordinatorLog.lines().filter(l -> l.contains("event=lease.issued") && l.contains(id)).count();
        assertThat(leases).as("leases issued: one per worker, none again").isEqualTo(2);

        procs.close();
        long counted;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + volume.dir().resolve("fleetbench.duckdb"));
             Statement s = c.createStatement()) {
            String where = " FROM samples WHERE campaign_id = '" + id + "' AND kind = 'measured' AND NOT set_aside";
            assertThat(one(s, "SELECT count(*) FROM (SELECT cell_id, repetition" + where
                    + " GROUP BY cell_id, repetition HAVING count(*) <> 1) d")).as("repetitions counted other than once")
                    .isZero();
            counted = one(s, "SELECT count(*)" + where);
            assertThat(counted).isEqualTo(2L * 2 * REPETITIONS);
        }
        System.out.printf("FULL STORE: volume full for %d ms; %d batches failed with store.failed, none acknowledged;"
                        + " the workers held %d samples in their outboxes (limit %d each) and said so; %d samples were"
                        + " stored before the volume filled; the campaign was done %d ms after space was freed, without"
                        + " a restart; %d counted samples, each repetition once; leases issued %d, none again%n",
                fullMs, failedIngests, heldInOutboxes, OUTBOX_LIMIT, storedWhileFull, doneAfterFreeMs, counted, leases);
    }

    /** The pause reasons the workers report in their heartbeats. */
    private List<String> pausedWorkers(String url) {
        JsonNode workers = procs.get(url, "/api/workers");
        List<String> out = new ArrayList<>();
        if (workers != null) {
            for (JsonNode w : workers) {
                if (w.hasNonNull("paused")) {
                    out.add(w.get("paused").asText());
                }
            }
        }
        return out;
    }

    private static long outboxFiles(Path worker) throws Exception {
        try (Stream<Path> files = Files.list(worker.resolve("outbox"))) {
            return files.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

    private static long one(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
