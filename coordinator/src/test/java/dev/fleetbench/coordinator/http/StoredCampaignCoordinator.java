package dev.fleetbench.coordinator.http;

import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import dev.fleetbench.coordinator.store.CampaignRecord;
import dev.fleetbench.coordinator.store.CampaignState;
import dev.fleetbench.coordinator.store.DuckDbStore;
import dev.fleetbench.coordinator.wiring.CoordinatorVerticle;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real coordinator verticle (default settings, HTTP on a free loopback port) over a real DuckDB file in a test's
 * folder, whose store the test fills first: machines registered, finished campaigns stored, then its own samples
 * through {@link #store()}. Open it in {@code @BeforeEach}, {@link #start()} it, close it in {@code @AfterEach}.
 */
final class StoredCampaignCoordinator implements AutoCloseable {

    /** When the machines registered: before every stored campaign. */
    static final Instant REGISTERED = Instant.parse("2026-12-01T09:00:00Z");

    private final Path dir;
    private final DuckDbStore store;
    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private int port;

    StoredCampaignCoordinator(Path dir) throws Exception {
        this.dir = dir;
        this.store = DuckDbStore.open(dir.resolve("fleetbench.duckdb"));
    }

    DuckDbStore store() {
        return store;
    }

    /** Registers worker {@code id} on the Intel desktop fixture, with the engine and the model variants it offers. */
    StoredCampaignCoordinator worker(String id, EngineDescriptor engine, List<ModelVariant> variants) {
        store.upsertWorker(new RegisterRequest(Protocol.VERSION, id, "0.1.0", Fixtures.intelDesktop(), engine, variants,
                List.of(), Map.of()), REGISTERED);
        return this;
    }

    /** Stores campaign {@code id} of {@code spec} as finished, created at {@code createdAt}, with no cells. */
    StoredCampaignCoordinator doneCampaign(String id, String name, String spec, Instant createdAt) {
        store.insertCampaign(new CampaignRecord(id, name, spec, false, null, createdAt, CampaignState.DONE, null,
                List.of()), List.of(), List.of());
        return this;
    }

    /** Deploys the coordinator verticle over the filled store. */
    StoredCampaignCoordinator start() throws Exception {
        vertx = Vertx.vertx();
        CoordinatorConfig config = new CoordinatorConfig("127.0.0.1", 0,
                ClusterSettings.coordinator("unused", "127.0.0.1", 0, List.of()), dir, null, CoordinatorSettings.DEFAULTS);
        CoordinatorVerticle v = new CoordinatorVerticle(config, store, Clock.systemUTC(), "test");
        vertx.deployVerticle(v).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        port = v.httpPort();
        return this;
    }

    /** {@code GET path} on the coordinator's HTTP port. */
    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        store.close();
    }
}
