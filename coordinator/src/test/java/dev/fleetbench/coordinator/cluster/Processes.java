package dev.fleetbench.coordinator.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Real coordinator and worker JVMs on loopback for multi-process tests, started from this test's classpath, each
 * with its own data directory and log file. Every wait is bounded. {@link #close()} kills whatever is left.
 */
final class Processes implements AutoCloseable {

    final String clusterName = "fleetbench-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path dir;
    private final List<Process> all = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    /** Coordinators approve new workers at once unless a test checks enrollment ({@link #withEnrollment()}). */
    private boolean autoApprove = true;

    Processes(Path dir) {
        this.dir = dir;
    }

    /** Coordinators started from now on leave new workers pending until an admin approves them. */
    Processes withEnrollment() {
        autoApprove = false;
        return this;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** A coordinator JVM; returns once it serves HTTP. */
    Process coordinator(Path dataDir, int httpPort, int clusterPort) throws Exception {
        return coordinator(dataDir, httpPort, clusterPort, List.of(), Map.of());
    }

    /** A coordinator JVM with more options (a store, members to join); returns once it serves HTTP, in any role. */
    Process coordinator(Path dataDir, int httpPort, int clusterPort, List<String> options) throws Exception {
        return coordinator(dataDir, httpPort, clusterPort, options, Map.of());
    }

    /** A coordinator JVM with more options and environment variables (secrets); returns once it serves HTTP. */
    Process coordinator(Path dataDir, int httpPort, int clusterPort, List<String> extraArgs, Map<String, String> env)
            throws Exception {
        return coordinator(List.of(), "127.0.0.1", dataDir, httpPort, clusterPort, extraArgs, env);
    }

    /**
     * A coordinator JVM started through a launcher (e.g. {@code ip netns exec NS}), its REST API on {@code httpHost};
     * returns once it serves HTTP there, in any role.
     */
    Process coordinator(List<String> launcher, String httpHost, Path dataDir, int httpPort, int clusterPort,
                        List<String> extraArgs, Map<String, String> env) throws Exception {
        return coordinator(launcher, httpHost, dataDir, dataDir.resolve("coordinator.log"), httpPort, clusterPort,
                extraArgs, env);
    }

    /** As above, its log written to {@code log} (outside a data folder that a test fills up). */
    Process coordinator(List<String> launcher, String httpHost, Path dataDir, Path log, int httpPort, int clusterPort,
                        List<String> extraArgs, Map<String, String> env) throws Exception {
        List<String> args = new ArrayList<>(List.of("dev.fleetbench.coordinator.cli.CoordinatorMain",
                "coordinator", "--http-port", Integer.toString(httpPort), "--cluster-port", Integer.toString(clusterPort),
                "--data-dir", dataDir.toString(), "--cluster-name", clusterName));
        if (autoApprove) {
            args.add("--auto-approve");
        }
        if (!httpHost.equals("127.0.0.1")) {
            args.addAll(List.of("--http-host", httpHost));
        }
        args.addAll(extraArgs);
        Process p = java(launcher, log, args, env);
        String url = "http://" + httpHost + ":" + httpPort;
        await(Duration.ofSeconds(60), () -> !p.isAlive() || get(url, "/api/health") != null,
                "coordinator to serve " + url);
        if (!p.isAlive()) {
            throw new AssertionError("coordinator exited: " + Files.readString(log));
        }
        return p;
    }

    /** A worker JVM joined to the coordinator's cluster port. */
    Process worker(Path dataDir, int clusterPort, List<String> engineArgs) throws Exception {
        return worker(dataDir, "127.0.0.1:" + clusterPort, engineArgs, Map.of());
    }

    /** A worker JVM joining the given members ("host:port,host:port"). */
    Process worker(Path dataDir, String join, List<String> engineArgs) throws Exception {
        return worker(dataDir, join, engineArgs, Map.of());
    }

    /** A worker JVM with more options (engine, security) and environment variables (secrets). */
    Process worker(Path dataDir, int clusterPort, List<String> args, Map<String, String> env) throws Exception {
        return worker(dataDir, "127.0.0.1:" + clusterPort, args, env);
    }

    /** A worker JVM joining the given members, with more options and environment variables. */
    Process worker(Path dataDir, String join, List<String> args, Map<String, String> env) throws Exception {
        return worker(List.of(), dataDir, join, args, env);
    }

    /**
     * A worker JVM started through a launcher (e.g. {@code ip netns exec NS}: the launcher execs java, so the
     * process is the JVM itself and {@link #close()} still ends it).
     */
    Process worker(List<String> launcher, Path dataDir, String join, List<String> args, Map<String, String> env)
            throws Exception {
        List<String> all = new ArrayList<>(List.of("dev.fleetbench.worker.cli.WorkerMain", "worker", "--join",
                join, "--data-dir", dataDir.toString(), "--cluster-name", clusterName));
        all.addAll(args);
        return java(launcher, dataDir.resolve("worker.log"), all, env);
    }

    /** A {@code fleetbench bench} JVM (no cluster); its table goes to the log. */
    Process bench(Path log, List<String> args) throws IOException {
        List<String> all = new ArrayList<>(List.of("dev.fleetbench.worker.cli.WorkerMain", "bench"));
        all.addAll(args);
        return java(log, all, Map.of());
    }

    /**
     * The Foundry Local test double as a process of its own ({@code FoundryDoubleMain} from the worker agent's test
     * jar, options as it documents them, {@code --dir} and {@code --port-file} added); returns its port once it
     * listens.
     */
    int foundryDouble(Path doubleDir, List<String> options) throws Exception {
        Path portFile = doubleDir.resolve("port");
        List<String> all = new ArrayList<>(List.of("dev.fleetbench.worker.engine.foundry.testdouble.FoundryDoubleMain",
                "--dir", doubleDir.toString(), "--port-file", portFile.toString()));
        all.addAll(options);
        Process p = java(doubleDir.resolve("double.log"), all, Map.of());
        await(Duration.ofSeconds(60), () -> !p.isAlive() || Files.exists(portFile), "the Foundry Local double to listen");
        if (!p.isAlive()) {
            throw new AssertionError("the Foundry Local double exited: " + log(doubleDir.resolve("double.log")));
        }
        return Integer.parseInt(Files.readString(portFile).trim());
    }

    private Process java(Path log, List<String> args, Map<String, String> env) throws IOException {
        return java(List.of(), log, args, env);
    }

    private Process java(List<String> launcher, Path log, List<String> args, Map<String, String> env) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.appendTo(log.toFile()));
        // The developer's own FleetBench settings (a token, a cluster secret) must not leak into a test's processes.
        pb.environment().keySet().removeIf(k -> k.startsWith("FLEETBENCH_") && !k.equals("FLEETBENCH_DEBUG"));
        pb.environment().putAll(env);
        Process p = pb.start();
        all.add(p);
        return p;
    }

    /** GET as JSON; null when the server is not answering. */
    JsonNode get(String base, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** GET as text (an HTML report); null when the server does not answer 200. */
    String text(String base, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : null;
    }

    /** POST with an optional bearer token; the response whatever its status. */
    HttpResponse<String> postAs(String token, String base, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Counted measured samples of a campaign so far, summed over its cells; 0 while the server does not answer. */
    int measured(String base, String campaignId) {
        JsonNode cells = get(base, "/api/campaigns/" + campaignId + "/cells");
        int n = 0;
        if (cells != null) {
            for (JsonNode c : cells) {
                n += c.get("measured").asInt();
            }
        }
        return n;
    }

    JsonNode post(String base, String path, String contentType, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("content-type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new AssertionError("POST " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return Json.mapper().readTree(r.body());
    }

    static void await(Duration max, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for " + what);
    }

    /** SIGKILL: no shutdown hook, no goodbye to the cluster. */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    static String log(Path file) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            return r.lines().reduce("", (a, b) -> a + "\n" + b);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        for (Process p : all) {
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
