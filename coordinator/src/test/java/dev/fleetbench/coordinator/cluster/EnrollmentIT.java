package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.coordinator.cli.CoordinatorMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Enrollment end to end with a real coordinator JVM (no auto-approval, a token) and real worker JVMs: a new worker is
 * pending and gets no work; approved with {@code fleetbench fleet approve} it is leased a campaign's cells; rejected
 * with {@code fleetbench fleet reject --reason} it is refused and prints the reason; the decisions survive a
 * coordinator restart, after which the rejected machine is refused as it starts.
 */
@Timeout(400)
class EnrollmentIT {

    private static final String TOKEN = "enroll-" + System.nanoTime();
    private static final List<String> SIMULATED = List.of("--engine", "simulated", "--simulated-models", "sim-small",
            "--simulated-ttft-ms", "5", "--simulated-token-ms", "5");
    private static final String SPEC = """
            {"name": "enrolled", "models": ["sim-small"], "repetitions": 3, "warmups": 1,
             "prompts": [{"id": "a", "text": "first", "max_tokens": 8}]}""";

    private Path dir;
    private Processes procs;
    private int httpPort;
    private int clusterPort;
    private String url;

    @BeforeEach
    void setUp(TestInfo test) throws Exception {
        dir = Files.createDirectories(Path.of("target", "cluster-tests",
                "enrollment-" + test.getTestMethod().orElseThrow().getName() + "-" + System.currentTimeMillis()));
        procs = new Processes(dir).withEnrollment();
        httpPort = Processes.freePort();
        clusterPort = Processes.freePort();
        url = "http://127.0.0.1:" + httpPort;
    }

    @AfterEach
    void tearDown() {
        procs.close();
    }

    private Process coordinator() throws Exception {
        return procs.coordinator(dir.resolve("coordinator"), httpPort, clusterPort, List.of(), java.util.Map.of(
                "FLEETBENCH_TOKEN", TOKEN));
    }

    /** The worker with this label value, once it is listed with that enrollment. */
    private JsonNode awaitWorker(String name, String enrollment) throws InterruptedException {
        JsonNode[] found = new JsonNode[1];
        Processes.await(Duration.ofSeconds(120), () -> {
            JsonNode all = procs.get(url, "/api/workers");
            if (all == null) {
                return false;
            }
            for (JsonNode w : all) {
                if (name.equals(w.path("labels").path("name").asText()) && enrollment.equals(w.path("enrollment").asText())) {
                    found[0] = w;
                    return true;
                }
            }
            return false;
        }, "worker " + name + " to be " + enrollment);
        return found[0];
    }

    /** Runs {@code fleetbench fleet ...} in this JVM against the coordinator; its output and exit code. */
    private String fleet(int expectedExit, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        int exit;
        try {
            String[] all = new String[args.length + 5];
            all[0] = "fleet";
            System.arraycopy(args, 0, all, 1, args.length);
            all[args.length + 1] = "--url";
            all[args.length + 2] = url;
            all[args.length + 3] = "--token";
            all[args.length + 4] = TOKEN;
            // picocli wants the subcommand's options after it: fleet <sub> <id> --url … --token …
            exit = CoordinatorMain.execute(all);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isEqualTo(expectedExit);
        return text;
    }

    @Test
    void pendingThenApprovedIsLeasedRejectedIsRefusedWithTheReasonAndBothSurviveARestart() throws Exception {
        Process coordinator = coordinator();
        Path a = dir.resolve("worker-a");
        Path b = dir.resolve("worker-b");
        procs.worker(a, clusterPort, concat(SIMULATED, "--label", "name=a"));
        Process workerB = procs.worker(b, clusterPort, concat(SIMULATED, "--label", "name=b"));
        String idA = awaitWorker("a", "pending").get("worker_id").asText();
        String idB = awaitWorker("b", "pending").get("worker_id").asText();

        // Pending: listed with the hint, no cells placed on it, and it is told why it gets no work.
        assertThat(fleet(0, "list")).contains(idA).contains("pending").contains("fleetbench fleet approve " + idA);
        JsonNode none = submit(SPEC.replace("enrolled", "nobody yet"));
        assertThat(none.get("cells_total").asInt()).as("no approved worker: no cells").isZero();
        Processes.await(Duration.ofSeconds(30), () -> Processes.log(a.resolve("worker.log"))
                .contains("waits for an admin's approval"), "worker a to be told it waits for approval");

        // Without the token the decision is refused.
        assertThat(procs.postAs(null, url, "/api/workers/" + idA + "/approve", "{}").statusCode()).isEqualTo(401);

        assertThat(fleet(0, "approve", idA)).contains("worker " + idA + " is approved");
        assertThat(fleet(0, "reject", idB, "--reason", "not a lab PC")).contains("is rejected: not a lab PC");
        awaitWorker("a", "approved");

        JsonNode submitted = submit(SPEC);
        String campaign = submitted.get("id").asText();
        assertThat(submitted.get("cells_total").asInt()).as("one cell, on the approved worker only").isEqualTo(1);
        Processes.await(Duration.ofSeconds(120), () -> {
            JsonNode c = procs.get(url, "/api/campaigns/" + campaign);
            return c != null && c.get("state").asText().equals("done");
        }, "the campaign to finish on the approved worker");
        for (JsonNode cell : procs.get(url, "/api/campaigns/" + campaign + "/cells")) {
            assertThat(cell.get("worker_id").asText()).isEqualTo(idA);
            assertThat(cell.get("status").asText()).isEqualTo("done");
        }

        // The rejected worker, still running, is sent to register again and refused: it logs the reason and stops.
        Processes.await(Duration.ofSeconds(60), () -> Processes.log(b.resolve("worker.log")).contains("not a lab PC"),
                "the rejected worker to print the reason");
        assertThat(Processes.log(b.resolve("worker.log"))).contains("an admin rejected this machine");
        Processes.kill(workerB);

        // Restart: the approval and the rejection were stored.
        Processes.kill(coordinator);
        coordinator();
        JsonNode approved = awaitWorker("a", "approved");
        JsonNode rejected = awaitWorker("b", "rejected");
        assertThat(approved.get("hardware_changes")).isEmpty();
        assertThat(rejected.get("rejection_reason").asText()).isEqualTo("not a lab PC");

        // The rejected machine starting again is refused at registration, prints the reason and exits.
        int before = Processes.log(b.resolve("worker.log")).length();
        Process again = procs.worker(b, clusterPort, concat(SIMULATED, "--label", "name=b"));
        assertThat(again.waitFor(120, TimeUnit.SECONDS)).as("the refused worker exits").isTrue();
        assertThat(again.exitValue()).isNotZero();
        String log = Processes.log(b.resolve("worker.log"));
        assertThat(log.substring(Math.min(before, log.length())))
                .contains("the coordinator refused this worker: an admin rejected this machine (worker " + idB
                        + "): not a lab PC");

        // The approved worker still gets work after the restart, once it has rejoined the restarted coordinator (a
        // campaign submitted while it is still missing has nowhere to place its cell).
        Processes.await(Duration.ofSeconds(120), () -> {
            JsonNode all = procs.get(url, "/api/workers");
            if (all == null) {
                return false;
            }
            for (JsonNode w : all) {
                if ("a".equals(w.path("labels").path("name").asText())) {
                    String status = w.path("status").asText();
                    return status.equals("ready") || status.equals("busy");
                }
            }
            return false;
        }, "the approved worker to rejoin after the restart");
        String second = submit(SPEC.replace("enrolled", "after restart"))
                .get("id").asText();
        Processes.await(Duration.ofSeconds(120), () -> {
            JsonNode c = procs.get(url, "/api/campaigns/" + second);
            return c != null && c.get("state").asText().equals("done") && c.get("cells_done").asInt() == 1;
        }, "a campaign after the restart to finish on the approved worker");
    }

    private JsonNode submit(String spec) throws Exception {
        var r = procs.postAs(TOKEN, url, "/api/campaigns", spec);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return dev.fleetbench.common.json.Json.mapper().readTree(r.body());
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> out = new java.util.ArrayList<>(base);
        out.addAll(List.of(more));
        return out;
    }
}
