package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.bus.Clustering;
import dev.fleetbench.coordinator.store.CoordinatorStore;
import dev.fleetbench.coordinator.store.DuckDbStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * A running coordinator process: the store, the clustered Vert.x (a full Hazelcast member) and the coordinator
 * verticle. Used by the {@code coordinator} command, the demo and the multi-process tests.
 */
public final class CoordinatorRuntime implements AutoCloseable {

    private final Vertx vertx;
    private final CoordinatorStore store;
    private final CoordinatorVerticle verticle;
    private final CoordinatorConfig config;

    private CoordinatorRuntime(Vertx vertx, CoordinatorStore store, CoordinatorVerticle verticle, CoordinatorConfig config) {
        this.vertx = vertx;
        this.store = store;
        this.verticle = verticle;
        this.config = config;
    }

    /** Opens the store, joins (or forms) the cluster and deploys the coordinator; blocks until it serves HTTP. */
    public static CoordinatorRuntime start(CoordinatorConfig requested, String version) throws Exception {
        // Resolve an ephemeral cluster port now, so workers can be told where to join.
        CoordinatorConfig config = requested.cluster().hazelcastPort() != 0 ? requested
                : new CoordinatorConfig(requested.httpHost(), requested.httpPort(), requested.cluster()
                        .withHazelcastPort(Clustering.freePort(requested.cluster().host())), requested.dataDir(),
                        requested.token(), requested.settings());
        Files.createDirectories(config.dataDir());
        CoordinatorStore store = DuckDbStore.open(config.storeFile());
        VertxOptions options = new VertxOptions().setFileSystemOptions(new FileSystemOptions()
                .setFileCacheDir(config.dataDir().resolve("vertx-cache").toString()));
        Vertx vertx;
        try {
            vertx = Clustering.start(config.cluster(), options).toCompletionStage().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            store.close();
            throw e;
        }
        CoordinatorVerticle verticle = new CoordinatorVerticle(config, store, Clock.systemDefaultZone(), version);
        try {
            vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            store.close();
            throw e;
        }
        return new CoordinatorRuntime(vertx, store, verticle, config);
    }

    public int httpPort() {
        return verticle.httpPort();
    }

    /** The base URL of the REST API and UI. */
    public String url() {
        String host = config.httpHost().equals("0.0.0.0") ? "127.0.0.1" : config.httpHost();
        return "http://" + host + ":" + httpPort();
    }

    /** "host:port" that workers pass to {@code --join}. */
    public String joinAddress() {
        return config.cluster().host() + ":" + clusterPort();
    }

    public int clusterPort() {
        return config.cluster().hazelcastPort();
    }

    public CoordinatorStore store() {
        return store;
    }

    /** The clustered Vert.x this coordinator runs on (the benchmarks add their reference consumers to it). */
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() throws Exception {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } finally {
            store.close();
        }
    }
}
