package dev.fleetbench.coordinator.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeaseFinishedAck;
import dev.fleetbench.common.protocol.LeasePrompt;
import dev.fleetbench.common.protocol.LeaseReply;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.common.protocol.Wire;
import dev.fleetbench.common.protocol.WorkerState;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import dev.fleetbench.coordinator.domain.leases.LeaseOutcome;
import dev.fleetbench.coordinator.store.DuckDbStore;
import dev.fleetbench.coordinator.testing.Machines;
import dev.fleetbench.coordinator.testing.Promtool;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test tier 2: the coordinator verticle alone (local event bus, real DuckDB file), driven by protocol messages the
 * way a worker sends them, and by its REST API.
 */
@ExtendWith(VertxExtension.class)
class CoordinatorVerticleTest {

    private static final int V = Protocol.VERSION;
    private static final long T = 10_000;

    @TempDir
    Path dir;
    private Vertx vertx;
    private CoordinatorVerticle verticle;
    private WebClient web;
    private DuckDbStore store;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        store = DuckDbStore.open(dir.resolve("fleetbench.duckdb"));
        verticle = deploy(vertx, dir, store, Duration.ofSeconds(15));
        web = WebClient.create(vertx);
    }

    /** A coordinator verticle on the test's local Vert.x (API on a free port, 100 ms ticks) with this lease TTL. */
    static CoordinatorVerticle deploy(Vertx vertx, Path dir, DuckDbStore store, Duration leaseTtl) throws Exception {
        CoordinatorConfig config = new CoordinatorConfig("127.0.0.1", 0,
                ClusterSettings.coordinator("unused", "127.0.0.1", 0, List.of()), dir, null,
                new CoordinatorSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(60),
                        leaseTtl, 3, Duration.ofMillis(100))).withAutoApprove(true);
        CoordinatorVerticle verticle = new CoordinatorVerticle(config, store, Clock.systemUTC(), "test");
        await(vertx.deployVerticle(verticle));
        return verticle;
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private JsonNode get(String path) throws Exception {
        return Json.mapper().readTree(await(web.get(verticle.httpPort(), "127.0.0.1", path).send()).bodyAsString());
    }

    private RegisterRequest registration(String id) {
        return new RegisterRequest(V, id, "0.1.0", Fixtures.intelDesktop(), new EngineDescriptor("embedded", "b4916"),
                List.of(Machines.STORIES), List.of(Machines.STORIES.id()), Map.of("room", "a"));
    }

    @Test
    void aWorkerRegistersLeasesReportsAndTheCampaignCompletes() throws Exception {
        RegisterReply reg = await(Bus.request(vertx.eventBus(), Addresses.REGISTER, registration("w-1"),
                RegisterReply.class, T));
        assertThat(reg.accepted()).isTrue();
        var created = await(web.post(verticle.httpPort(), "127.0.0.1", "/api/campaigns")
                .putHeader("content-type", "application/yaml")
                .sendBuffer(io.vertx.core.buffer.Buffer.buffer("name: t\nmodels: [stories260K]\nrepetitions: 2\nwarmups: 0\n"
                        + "prompts: [{id: a, text: A}]\n")));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String campaign = Json.mapper().readTree(created.bodyAsString()).get("id").asText();

        Lease lease = await(Bus.request(vertx.eventBus(), Addresses.LEASE, new LeaseRequest(V, "w-1", reg.session()), LeaseReply.class,
                T)).lease();
        assertThat(lease).isNotNull();
        assertThat(lease.campaignId()).isEqualTo(campaign);
        LeasePrompt p = lease.prompts().get(0);
        HeartbeatReply beat = await(Bus.request(vertx.eventBus(), Addresses.HEARTBEAT,
                new Heartbeat(V, "w-1", WorkerState.BUSY, lease.leaseId(), true, PowerSource.AC, 0, reg.session()), HeartbeatReply.class,
                T));
        assertThat(beat.known()).isTrue();

        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            samples.add(Samples.ok(lease.variant().id(), "a", 10, 5, 4).withPlacement(campaign, p.cellId(), lease.leaseId(), "w-1"));
        }
        SampleBatch batch = new SampleBatch(V, "w-1", "b1", samples, reg.session());
        BatchAck first = await(Bus.request(vertx.eventBus(), Addresses.SAMPLES, batch, BatchAck.class, T));
        BatchAck again = await(Bus.request(vertx.eventBus(), Addresses.SAMPLES, batch, BatchAck.class, T));
        assertThat(first.stored()).isEqualTo(2);
        assertThat(again.duplicates()).as("the same batch twice is stored once").isEqualTo(2);

        await(Bus.request(vertx.eventBus(), Addresses.LEASE_FINISHED, new LeaseFinished(V, "w-1", lease.leaseId(),
                new ModelPhases(lease.variant().id(), null, null, 12.0, 3.0, 9.0, null, null, null, null, null, List.of()),
                false, reg.session()), LeaseFinishedAck.class, T));
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode c = get("/api/campaigns/" + campaign);
        while (!c.get("state").asText().equals("done") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            c = get("/api/campaigns/" + campaign);
        }
        assertThat(c.get("state").asText()).isEqualTo("done");
        assertThat(c.get("samples").asInt()).isEqualTo(2);
        assertThat(get("/api/workers").get(0).get("worker_id").asText()).isEqualTo("w-1");
        // The lease history is written by the housekeeping tick, not on the reply path.
        List<dev.fleetbench.coordinator.store.LeaseRecord> leases = store.leases(campaign);
        while ((leases.isEmpty() || leases.get(0).outcome() != LeaseOutcome.FINISHED) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            leases = store.leases(campaign);
        }
        assertThat(leases).hasSize(1);
        assertThat(leases.get(0).leaseId()).isEqualTo(lease.leaseId());
        assertThat(leases.get(0).workerId()).isEqualTo("w-1");
        assertThat(leases.get(0).outcome()).isEqualTo(LeaseOutcome.FINISHED);
        assertThat(leases.get(0).endedAt()).isNotNull();
        assertThat(leases.get(0).phases().loadMs()).isEqualTo(12.0);
        String metrics = await(web.get(verticle.httpPort(), "127.0.0.1", "/metrics").send()).bodyAsString();
        assertThat(metrics).contains("fleetbench_samples_stored_total 2.0")
                .contains("fleetbench_samples_duplicate_total 2.0")
                .contains("fleetbench_cells{state=\"done\"} 1.0")
                .contains("fleetbench_heartbeats_total{worker=\"w-1\"} 1.0")
                .contains("fleetbench_ingest_latency_seconds_count 2")
                .contains("jvm_memory_used_bytes");
        if (Promtool.path() != null) {
            assertThat(Promtool.checkMetrics(Promtool.path(), metrics)).as("promtool check metrics").isEmpty();
        }

        // A restarted coordinator shows the finished campaign with its cell counts (from the store, not the queue).
        await(vertx.undeploy(verticle.deploymentID()));
        CoordinatorVerticle restarted = deploy(vertx, dir, store, Duration.ofSeconds(15));
        JsonNode listed = Json.mapper().readTree(await(web.get(restarted.httpPort(), "127.0.0.1", "/api/campaigns").send())
                .bodyAsString()).get(0);
        assertThat(listed.get("state").asText()).isEqualTo("done");
        assertThat(listed.get("cells_total").asInt()).isEqualTo(1);
        assertThat(listed.get("cells_done").asInt()).isEqualTo(1);
    }

    @Test
    void malformedAndForeignMessagesAreRejectedCountedAndHarmless() throws Exception {
        int v = Protocol.VERSION;
        List<String> bad = List.of("not json", "{}", "{\"v\":" + v + ",\"type\":\"heartbeat\"}", "[1,2,3]",
                "{\"v\":" + v + ",\"type\":\"register\",\"worker_id\":\"w\",\"colour\":1}",
                "{\"v\":99,\"type\":\"register\",\"worker_id\":\"w\"}",
                "{\"v\":" + v + ",\"type\":\"register\",\"worker_id\":\"" + "x".repeat(Wire.MAX_MESSAGE_CHARS) + "\"}",
                "[".repeat(100_000) + "]".repeat(100_000));
        List<Integer> codes = new ArrayList<>();
        for (String body : bad) {
            try {
                await(vertx.eventBus().request(Addresses.REGISTER, body));
                codes.add(200);
            } catch (java.util.concurrent.ExecutionException e) {
                codes.add(((ReplyException) e.getCause()).failureCode());
            }
        }
        try {
            await(vertx.eventBus().request(Addresses.REGISTER, new byte[16]));
            codes.add(200);
        } catch (java.util.concurrent.ExecutionException e) {
            codes.add(((ReplyException) e.getCause()).failureCode());
        }
        assertThat(codes).containsExactly(400, 400, 400, 400, 400, 409, 400, 400, 400);
        assertThat(verticle.rejectedMessages()).isEqualTo(9);
        RegisterReply badId = await(Bus.request(vertx.eventBus(), Addresses.REGISTER, registration("bad id!"),
                RegisterReply.class, T));
        assertThat(badId.accepted()).isFalse();
        assertThat(badId.message()).contains("worker_id 'bad id!' is invalid");
        assertThat(get("/api/health").get("status").asText()).isEqualTo("ok");
    }

    @Test
    void restErrorsNameTheProblem() throws Exception {
        var bad = await(web.post(verticle.httpPort(), "127.0.0.1", "/api/campaigns").putHeader("content-type", "application/json")
                .sendBuffer(io.vertx.core.buffer.Buffer.buffer("{\"name\":\"x\",\"models\":[\"a\"],\"repetitions\":0}")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsString()).isEqualTo("{\"error\":\"must be between 1 and 1000, got 0\",\"field\":\"repetitions\"}");
        var missing = await(web.get(verticle.httpPort(), "127.0.0.1", "/api/campaigns/c-nope").send());
        assertThat(missing.statusCode()).isEqualTo(404);
        var traversal = await(web.get(verticle.httpPort(), "127.0.0.1", "/api/campaigns/..%2F..%2Fetc/samples").send());
        assertThat(traversal.statusCode()).isBetween(400, 404);
        var big = await(web.post(verticle.httpPort(), "127.0.0.1", "/api/campaigns").putHeader("content-type", "application/json")
                .sendBuffer(io.vertx.core.buffer.Buffer.buffer("x".repeat(2 * 1024 * 1024))));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.bodyAsString()).contains("request body too large");
        var limit = await(web.get(verticle.httpPort(), "127.0.0.1", "/api/campaigns/c-nope/samples?limit=abc").send());
        assertThat(limit.statusCode()).isEqualTo(404);
    }
}
