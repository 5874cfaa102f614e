package dev.fleetbench.coordinator.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.wiring.CoordinatorRuntime;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The fleet behind the browser tests: a real coordinator (in this JVM, with a bearer token) and real worker agents in
 * their own JVMs on loopback, each with its data directory and log under {@code dir}.
 */
final class UiFleet implements AutoCloseable {

    final String token = "ui-" + UUID.randomUUID();
    private final Path dir;
    private final String clusterName = "fleetbench-ui-" + UUID.randomUUID().toString().substring(0, 8);
    private final CoordinatorRuntime coordinator;
    private final List<Process> workers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    UiFleet(Path dir) throws Exception {
        this(dir, true);
    }

    /** @param autoApprove false: new workers wait on the Fleet page for Approve / Reject */
    UiFleet(Path dir, boolean autoApprove) throws Exception {
        this.dir = dir;
        CoordinatorConfig config = new CoordinatorConfig("127.0.0.1", 0,
                ClusterSettings.coordinator(clusterName, "127.0.0.1", 0, List.of()), dir.resolve("coordinator"), token,
                CoordinatorSettings.DEFAULTS).withAutoApprove(autoApprove);
        coordinator = CoordinatorRuntime.start(config, "ui-test");
    }

    String url() {
        return coordinator.url();
    }

    /** Starts a worker JVM with these engine and label arguments; it joins in a few seconds. */
    Process worker(String name, List<String> args) throws IOException {
        return worker(name, args, java.util.Map.of());
    }

    /** A worker JVM with these arguments and environment variables (the fake foundry CLI of a Foundry double). */
    Process worker(String name, List<String> args, java.util.Map<String, String> env) throws IOException {
        Path data = dir.resolve(name);
        Files.createDirectories(data);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.fleetbench.worker.cli.WorkerMain", "worker", "--join", coordinator.joinAddress(), "--data-dir",
                data.toString(), "--cluster-name", clusterName));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("worker.log").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        workers.add(p);
        return p;
    }

    /**
     * The Foundry Local test double as a process of its own ({@code FoundryDoubleMain} from the worker agent's test
     * jar, with these options) in {@code dir/name}; returns its port once it listens.
     */
    int foundryDouble(String name, List<String> options) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Path portFile = d.resolve("port");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.fleetbench.worker.engine.foundry.testdouble.FoundryDoubleMain", "--dir", d.toString(),
                "--port-file", portFile.toString()));
        cmd.addAll(options);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(d.resolve("double.log").toFile())).start();
        workers.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(portFile)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the Foundry Local double did not start: " + Files.readString(d.resolve("double.log")));
            }
            Thread.sleep(100);
        }
        return Integer.parseInt(Files.readString(portFile).trim());
    }

    /** The fake {@code foundry} CLI of the double started under this name. */
    Path foundryCli(String name) {
        return dir.resolve(name).resolve("bin").resolve("foundry").toAbsolutePath();
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return Json.mapper().readTree(r.body());
    }

    /** The status of a GET and the start of its body, for probing which endpoints this coordinator serves. */
    int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    JsonNode post(String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").header("authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IOException("POST " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return Json.mapper().readTree(r.body());
    }

    /** Waits until GET path satisfies the condition; returns that answer. */
    JsonNode await(String path, Duration max, String what, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for " + what + "; last answer: " + last);
    }

    @Override
    public void close() throws Exception {
        try {
            coordinator.close();
        } finally {
            for (Process p : workers) {
                p.destroyForcibly();
            }
            for (Process p : workers) {
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
