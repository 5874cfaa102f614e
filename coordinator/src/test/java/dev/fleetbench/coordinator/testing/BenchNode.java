package dev.fleetbench.coordinator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.bus.Clustering;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.protocol.Message;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The benchmark driver's side of a two-JVM set-up: starts a {@link BenchCoordinator} JVM, joins its cluster as a
 * Hazelcast lite member (as a worker does) and talks to it over the event bus and the REST API.
 */
public final class BenchNode implements AutoCloseable {

    public static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(60_000);

    public final Path dir;
    public final String clusterName;
    public final ChildJvm coordinator;
    public final String joinAddress;
    public final String url;
    public final Vertx vertx;
    private final HttpClient http = HttpClient.newHttpClient();
    private boolean left;
    private boolean keep;

    private BenchNode(Path dir, String clusterName, ChildJvm coordinator, String joinAddress, String url, Vertx vertx) {
        this.dir = dir;
        this.clusterName = clusterName;
        this.coordinator = coordinator;
        this.joinAddress = joinAddress;
        this.url = url;
        this.vertx = vertx;
    }

    /** Starts the coordinator JVM (with extra JVM options) and joins its cluster, in a temporary folder. */
    public static BenchNode start(String name, List<String> coordinatorJvmOptions) throws Exception {
        return start(Files.createTempDirectory("fleetbench-" + name), coordinatorJvmOptions);
    }

    /** Starts the coordinator JVM (with extra JVM options) and joins its cluster; logs and data go to {@code dir}. */
    public static BenchNode start(Path dir, List<String> coordinatorJvmOptions) throws Exception {
        Files.createDirectories(dir);
        String clusterName = "fleetbench-bench-" + UUID.randomUUID().toString().substring(0, 8);
        ChildJvm c = ChildJvm.start("coordinator", dir.resolve("coordinator.log"), coordinatorJvmOptions,
                BenchCoordinator.class, List.of(dir.resolve("coordinator").toString(), clusterName));
        String[] ready;
        Vertx vertx;
        try {
            ready = c.awaitReady(Duration.ofSeconds(90)).split(" ");
            vertx = Clustering.start(ClusterSettings.worker(clusterName, ClusterSettings.LOOPBACK, List.of(ready[0])))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            c.close();
            throw e;
        }
        BenchNode node = new BenchNode(dir, clusterName, c, ready[0], ready[1], vertx);
        // The cluster learns the coordinator's consumers asynchronously: wait until the echo answers.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                node.vertx.eventBus().request(BenchCoordinator.ECHO, "hello", new DeliveryOptions().setSendTimeout(2000))
                        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                break;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    node.close();
                    throw new IllegalStateException("the coordinator's echo never answered", e);
                }
                Thread.sleep(200);
            }
        }
        return node;
    }

    /** A typed request to the coordinator over the bus, as a worker sends it. */
    public <R extends Message> Future<R> request(String address, Message m, Class<R> type) {
        return Bus.request(vertx.eventBus(), address, m, type, 60_000);
    }

    public <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    /** The coordinator JVM's heap after a full GC, CPU time and threads, from {@link BenchCoordinator#STATS}. */
    public JsonNode stats() throws Exception {
        String body = await(vertx.eventBus().<String>request(BenchCoordinator.STATS, "", TIMEOUT)).body();
        return Json.mapper().readTree(body);
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return Json.mapper().readTree(getText(path));
    }

    /** GET as text ({@code /metrics}); fails unless 200. */
    public String getText(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    public JsonNode post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(300)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("POST " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return Json.mapper().readTree(r.body());
    }

    /** Submits a campaign spec (JSON) through the REST API; returns its id. */
    public String submit(String spec) throws IOException, InterruptedException {
        return post("/api/campaigns", spec).get("id").asText();
    }

    /** What a benchmark does once its coordinator runs. */
    public interface Body {
        void run(BenchNode node) throws Exception;
    }

    /**
     * A benchmark program's main: starts a coordinator, runs {@code body}, prints the coordinator's last log lines and
     * keeps its folder when the body fails, prints the total time and exits with 0 or 1 (the agents' native threads
     * would keep the JVM alive).
     */
    public static void runMain(String name, Body body) throws Exception {
        long start = System.nanoTime();
        int status = 0;
        try (BenchNode node = start(name, List.of())) {
            try {
                body.run(node);
            } catch (Exception | AssertionError e) {
                System.out.println("FAILED: " + e);
                System.out.println("coordinator log (last lines):\n" + tail(node.coordinator.log(), 40));
                status = 1;
                node.keep();
            }
        }
        System.out.printf(Locale.ROOT, "total %.1f s%n", (System.nanoTime() - start) / 1e9);
        System.exit(status);
    }

    /** The last lines of a log, for a failure message. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Leaves the cluster (idempotent). */
    public void leave() {
        if (left) {
            return;
        }
        left = true;
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            // leaving is best effort
        }
    }

    /** Keeps the folder with the logs (after a failure); says where it is. */
    public void keep() {
        keep = true;
        System.out.println("logs kept in " + dir);
    }

    @Override
    public void close() {
        leave();
        coordinator.close();
        if (!keep) {
            deleteQuietly(dir);
        }
    }

    public static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; the OS cleans it eventually
        }
    }
}
