package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.testing.TestPki;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A coordinator and workers as separate JVMs with everything on (docs/security.md): bearer token, cluster secret,
 * mutual TLS on the event bus with self-signed certificates made by the test. One coordinator serves the whole class
 * (starting JVMs is the expensive part); the methods run in order and the last one reads what all of them logged.
 * Every secret reaches the processes through a file or an environment variable, each form at least once.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureClusterIT {

    private static final List<String> SIMULATED = List.of("--engine", "simulated", "--simulated-models", "sim-small",
            "--simulated-ttft-ms", "5", "--simulated-token-ms", "2");

    /** Hazelcast's own narration on (it is at WARNING otherwise), so the logs below have more to give away. */
    private static final String VERBOSE = "-Dfleetbench.hazelcast.verbose=true";

    private final String token = "tok-" + random();
    private final String secret = "sec-" + random();
    private final String keyPassword = "key-" + random();
    private final String trustPassword = "trust-" + random();

    private Path dir;
    private Processes procs;
    private String url;
    private int clusterPort;
    private Path trustStore;
    private Path intruderKeyStore;
    private Path trustPasswordFile;
    private Path keyPasswordFile;
    private final List<Process> started = new ArrayList<>();

    private static String random() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @BeforeAll
    void startCoordinatorAndTrustedWorker() throws Exception {
        dir = Files.createDirectories(Path.of("target", "cluster-tests", "secure-" + System.currentTimeMillis()));
        Path pki = dir.resolve("pki");
        Path coordinatorKeys = TestPki.keyStore(pki.resolve("coordinator.p12"), "coordinator", keyPassword);
        Path workerKeys = TestPki.keyStore(pki.resolve("worker.p12"), "worker", keyPassword);
        // Signed by nobody the coordinator knows, yet it trusts the coordinator: only one direction is missing.
        intruderKeyStore = TestPki.keyStore(pki.resolve("intruder.p12"), "intruder", keyPassword);
        trustStore = TestPki.trustStore(pki.resolve("trust.p12"), trustPassword, keyPassword, coordinatorKeys, workerKeys);
        Path secretFile = Files.writeString(pki.resolve("cluster-secret"), secret + "\n");
        Path tokenFile = Files.writeString(pki.resolve("token"), token + "\n");
        trustPasswordFile = Files.writeString(pki.resolve("trust-password"), trustPassword);
        keyPasswordFile = Files.writeString(pki.resolve("key-password"), keyPassword);

        procs = new Processes(dir);
        int httpPort = Processes.freePort();
        clusterPort = Processes.freePort();
        url = "http://127.0.0.1:" + httpPort;
        started.add(procs.coordinator(dir.resolve("coordinator"), httpPort, clusterPort, List.of(
                "--token-file", tokenFile.toString(), "--cluster-secret-file", secretFile.toString(),
                "--tls-keystore", coordinatorKeys.toString(), "--tls-truststore", trustStore.toString(),
                "--tls-truststore-password-file", trustPasswordFile.toString()),
                Map.of("FLEETBENCH_TLS_KEYSTORE_PASSWORD", keyPassword, "JAVA_TOOL_OPTIONS", VERBOSE)));
        List<String> workerArgs = new ArrayList<>(SIMULATED);
        workerArgs.addAll(List.of("--tls-keystore", workerKeys.toString(), "--tls-keystore-password-file",
                keyPasswordFile.toString(), "--tls-truststore", trustStore.toString()));
        started.add(procs.worker(dir.resolve("worker"), clusterPort, workerArgs, Map.of(
                "FLEETBENCH_CLUSTER_SECRET", secret, "FLEETBENCH_TLS_TRUSTSTORE_PASSWORD", trustPassword,
                "JAVA_TOOL_OPTIONS", VERBOSE)));
    }

    @AfterAll
    void stop() {
        if (procs != null) {
            procs.close();
        }
    }

    private JsonNode workers() {
        return procs.get(url, "/api/workers");
    }

    @Test
    @Order(1)
    void aWorkerWithTheSecretAndATrustedCertificateRunsACampaignOverTls() throws Exception {
        Processes.await(Duration.ofSeconds(60), () -> {
            JsonNode w = workers();
            return w != null && w.size() == 1 && w.get(0).get("status").asText().matches("ready|busy");
        }, "the trusted worker to register over TLS");
        String spec = """
                {"name": "tls", "models": ["sim-small"], "repetitions": 2, "warmups": 0, "max_repetition_factor": 1,
                 "prompts": [{"id": "a", "text": "first", "max_tokens": 8}, {"id": "b", "text": "second", "max_tokens": 8}]}""";

        HttpResponse<String> anonymous = procs.postAs(null, url, "/api/campaigns", spec);
        HttpResponse<String> wrong = procs.postAs("not-" + token, url, "/api/campaigns", spec);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("the bearer token is wrong").doesNotContain(token);

        HttpResponse<String> submitted = procs.postAs(token, url, "/api/campaigns", spec);
        assertThat(submitted.statusCode()).as(submitted.body()).isLessThan(300);
        String id = dev.fleetbench.common.json.Json.mapper().readTree(submitted.body()).get("id").asText();
        Processes.await(Duration.ofSeconds(60), () -> {
            JsonNode c = procs.get(url, "/api/campaigns/" + id);
            return c != null && c.get("state").asText().equals("done");
        }, "the campaign to finish over TLS");
        JsonNode done = procs.get(url, "/api/campaigns/" + id);
        assertThat(done.get("cells_done").asInt()).isEqualTo(2);
        assertThat(done.get("samples").asInt()).as("cold + 2 prompts x 2 repetitions").isEqualTo(5);
    }

    @Test
    @Order(2)
    void aWorkerWhoseCertificateTheCoordinatorDoesNotTrustCannotDeliverAMessage() throws Exception {
        Path intruder = dir.resolve("intruder");
        List<String> args = new ArrayList<>(SIMULATED);
        args.addAll(List.of("--tls-keystore", intruderKeyStore.toString(), "--tls-truststore", trustStore.toString(),
                "--tls-truststore-password-file", trustPasswordFile.toString()));
        // It even has the cluster secret: only its certificate is wrong.
        started.add(procs.worker(intruder, clusterPort, args, Map.of("FLEETBENCH_CLUSTER_SECRET", secret,
                "FLEETBENCH_TLS_KEYSTORE_PASSWORD", keyPassword)));
        Processes.await(Duration.ofSeconds(60), () -> Processes.log(intruder.resolve("worker.log"))
                .contains("retry_s=2"), "the intruder to fail its registration twice");
        JsonNode fleet = workers();
        assertThat(fleet).as("the coordinator still serves").isNotNull();
        assertThat(fleet).as("only the trusted worker is in the fleet").hasSize(1);
        // TLS 1.3 says so as bad_certificate when the intruder sends its certificate, or as certificate_required
        // when its JDK sends none that the coordinator's CA list accepts (newer Java 17 updates do the latter)
        assertThat(Processes.log(intruder.resolve("worker.log"))).doesNotContain(" registered")
                .as("the coordinator refused the TLS handshake").containsAnyOf("bad_certificate", "certificate_required");
    }

    /** What `ps` shows: /proc/PID/cmdline in full (ProcessHandle.Info cuts a long class path short). */
    private static String commandLine(Process p) throws java.io.IOException {
        Path cmdline = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        assumeTrue(Files.isReadable(cmdline), "a /proc file system (Linux)");
        return new String(Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
    }

    @Test
    @Order(3)
    void noSecretAppearsInAnyLogOrOnAnyCommandLine() throws Exception {
        List<Path> logs;
        try (Stream<Path> files = Files.walk(dir)) {
            logs = files.filter(f -> f.toString().endsWith(".log")).toList();
        }
        assertThat(logs).hasSize(3);
        String all = String.join("\n", logs.stream().map(Processes::log).toList());
        assertThat(all).as("the logs say something").contains("registered").contains("FleetBench coordinator")
                .contains("Members {size:");
        for (String value : List.of(token, secret, keyPassword, trustPassword)) {
            assertThat(all).as("logs").doesNotContain(value);
            for (Process p : started) {
                assertThat(commandLine(p)).as("command line of " + p.pid()).contains("--tls-keystore")
                        .doesNotContain(value);
            }
        }
    }
}
