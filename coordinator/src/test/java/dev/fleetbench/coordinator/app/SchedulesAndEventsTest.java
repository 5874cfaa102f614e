package dev.fleetbench.coordinator.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.WorkerState;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.coordinator.wiring.CoordinatorVerticle;
import dev.fleetbench.coordinator.store.DuckDbStore;
import dev.fleetbench.coordinator.testing.Machines;
import dev.fleetbench.coordinator.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Cron schedules start campaign runs on the coordinator's clock, and the event stream reports what happens. */
@ExtendWith(VertxExtension.class)
class SchedulesAndEventsTest {

    @TempDir
    Path dir;
    private Vertx vertx;
    private CoordinatorVerticle verticle;
    private WebClient web;
    private DuckDbStore store;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:30Z"));

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        store = DuckDbStore.open(dir.resolve("fleetbench.duckdb"));
        CoordinatorConfig config = new CoordinatorConfig("127.0.0.1", 0,
                ClusterSettings.coordinator("unused", "127.0.0.1", 0, List.of()), dir, "s3cret",
                new CoordinatorSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(60),
                        Duration.ofSeconds(15), 3, Duration.ofMillis(50))).withAutoApprove(true);
        verticle = new CoordinatorVerticle(config, store, clock, "test");
        await(vertx.deployVerticle(verticle));
        web = WebClient.create(vertx);
        RegisterReply r = await(Bus.request(vertx.eventBus(), Addresses.REGISTER, new RegisterRequest(Protocol.VERSION, "w-1",
                "0.1.0", Fixtures.intelDesktop(), new EngineDescriptor("embedded", "b4916"), List.of(Machines.STORIES),
                List.of(), Map.of()), RegisterReply.class, 10_000));
        assertThat(r.accepted()).isTrue();
        session = r.session();
    }

    /** w-1's session. */
    private String session;

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

    @Test
    void aScheduleStartsARunWhenItsCronFiresAndTheEventStreamShowsIt() throws Exception {
        StringBuilder events = new StringBuilder();
        var sse = await(vertx.createHttpClient().request(HttpMethod.GET, verticle.httpPort(), "127.0.0.1",
                "/api/events?token=s3cret"));
        Future<io.vertx.core.http.HttpClientResponse> responded = sse.response().onSuccess(resp -> resp.handler(chunk -> {
            synchronized (events) {
                events.append(chunk.toString());
            }
        }));
        sse.end();
        var response = await(responded);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("content-type")).isEqualTo("text/event-stream");
        await(Bus.request(vertx.eventBus(), Addresses.REGISTER, new RegisterRequest(Protocol.VERSION, "w-2", "0.1.0",
                Fixtures.snapdragonLaptop(), new EngineDescriptor("foundry", "0.8.119"), List.of(), List.of(), Map.of()),
                RegisterReply.class, 10_000));

        var unauthorized = await(web.post(verticle.httpPort(), "127.0.0.1", "/api/campaigns")
                .sendBuffer(Buffer.buffer("name: x\nmodels: [stories260K]\n")));
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.bodyAsString()).contains("Authorization: Bearer");

        var created = await(web.post(verticle.httpPort(), "127.0.0.1", "/api/campaigns")
                .putHeader("authorization", "Bearer s3cret").putHeader("content-type", "application/yaml")
                .sendBuffer(Buffer.buffer("name: nightly\nmodels: [stories260K]\nschedule: '*/5 * * * *'\n"
                        + "prompts: [{id: a, text: A}]\n")));
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        JsonNode body = Json.mapper().readTree(created.bodyAsString());
        assertThat(body.get("kind").asText()).isEqualTo("schedule");
        assertThat(body.get("notes").get(0).asText()).isEqualTo("runs on cron '*/5 * * * *'; next at 2026-11-24T10:05:00Z");
        String scheduleId = body.get("id").asText();
        JsonNode schedules = get("/api/schedules");
        assertThat(schedules).as(schedules.toString()).hasSize(1);
        assertThat(schedules.get(0).get("id").asText()).isEqualTo(scheduleId);

        Thread.sleep(300);
        assertThat(get("/api/campaigns")).as("the cron has not fired yet").isEmpty();
        clock.advance(Duration.ofSeconds(269));
        await(Bus.request(vertx.eventBus(), Addresses.HEARTBEAT, new Heartbeat(Protocol.VERSION, "w-1", WorkerState.IDLE,
                null, true, PowerSource.AC, 0, session), HeartbeatReply.class, 10_000));
        clock.advance(Duration.ofSeconds(1));
        long deadline = System.currentTimeMillis() + 5000;
        JsonNode campaigns = get("/api/campaigns");
        while (campaigns.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            campaigns = get("/api/campaigns");
        }
        assertThat(campaigns).hasSize(1);
        assertThat(campaigns.get(0).get("schedule_id").asText()).isEqualTo(scheduleId);
        assertThat(campaigns.get(0).get("cells_total").asInt()).isEqualTo(1);
        Thread.sleep(300);
        assertThat(get("/api/campaigns")).as("one run per firing").hasSize(1);

        String campaignId = campaigns.get(0).get("id").asText();
        deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            synchronized (events) {
                if (events.indexOf(campaignId) >= 0) {
                    break;
                }
            }
            Thread.sleep(50);
        }
        synchronized (events) {
            assertThat(events.toString()).contains(": connected")
                    .contains("event: worker\ndata: {\"worker_id\":\"w-2\",\"status\":\"ready\"}")
                    .contains("event: campaign\ndata: {\"id\":\"" + campaignId + "\"");
        }
        // The stream never ends by itself: closed here, the test's Vert.x need not wait out its shutdown grace period.
        await(sse.connection().close());
    }
}
