package dev.fleetbench.coordinator.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.EngineDescriptor;
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
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import dev.fleetbench.coordinator.wiring.CoordinatorVerticle;
import dev.fleetbench.coordinator.cli.CoordinatorMain;
import dev.fleetbench.coordinator.store.DuckDbStore;
import dev.fleetbench.coordinator.testing.Machines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Federation, simulated on one machine: two site coordinators (each its own Vert.x, store and fleet, as two clusters
 * would be) run campaigns on different hardware; {@code fleetbench federate} copies them into a hub coordinator,
 * whose results must equal the sites' own, whose fleet names each worker's site, and which compares the sites'
 * hardware classes. Copying again adds nothing; bad imports are refused with the problem named.
 */
class FederationIT {

    private static final String TOKEN = "hub-token-0123456789";
    private static final String SPEC = "name: nightly\nmodels: [stories260K]\nrepetitions: 3\nwarmups: 0\n"
            + "prompts: [{id: a, text: A}, {id: b, text: B}]\n";
    private static final long T = 10_000;

    @TempDir
    Path dir;
    private final List<Vertx> vertxes = new ArrayList<>();
    private final List<DuckDbStore> stores = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Site siteA;
    private Site siteB;
    private Site hub;

    private record Site(Vertx vertx, CoordinatorVerticle coordinator) {
        String url() {
            return "http://127.0.0.1:" + coordinator.httpPort();
        }
    }

    @BeforeEach
    void start() throws Exception {
        siteA = site("a", null);
        siteB = site("b", null);
        hub = site("hub", TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        for (Vertx v : vertxes) {
            await(v.close());
        }
        stores.forEach(DuckDbStore::close);
    }

    @Test
    void theHubHoldsEverySitesResultsOnceAndComparesTheirClasses() throws Exception {
        String a = runCampaign(siteA, "wa-1", Fixtures.intelDesktop(), 10);
        String b = runCampaign(siteB, "wb-1", Fixtures.snapdragonLaptop(), 30);
        String running = submit(siteA);

        assertThat(federate()).isZero();

        for (Site site : List.of(siteA, siteB)) {
            String id = site == siteA ? a : b;
            JsonNode there = get(site, "/api/campaigns/" + id);
            JsonNode here = get(hub, "/api/campaigns/" + id);
            assertThat(here.get("state").asText()).isEqualTo("done");
            assertThat(here.get("samples").asLong()).isEqualTo(there.get("samples").asLong()).isEqualTo(6);
            assertThat(here.get("cells_done").asInt()).isEqualTo(there.get("cells_done").asInt()).isEqualTo(2);
            assertThat(here.get("spec").asText()).isEqualTo(SPEC);
            // The hub computes exactly what the site computed from the same samples.
            String agg = "/api/aggregates?campaign=" + id + "&by=hardware_class,model,prompt";
            assertThat(get(hub, agg).get("groups")).isEqualTo(get(site, agg).get("groups"));
            assertThat(get(hub, "/api/fits?campaign=" + id).get("models"))
                    .isEqualTo(get(site, "/api/fits?campaign=" + id).get("models"));
        }
        assertThat(get(hub, "/api/campaigns/" + running).isMissingNode()).as("running campaigns stay at their site").isTrue();

        JsonNode workers = get(hub, "/api/workers");
        assertThat(workers).hasSize(2);
        for (JsonNode w : workers) {
            assertThat(w.get("labels").get("site").asText()).isEqualTo(w.get("worker_id").asText().substring(1, 2));
        }
        String classA = get(siteA, "/api/workers").get(0).get("hardware_class").asText();
        String classB = get(siteB, "/api/workers").get(0).get("hardware_class").asText();
        assertThat(classA).isNotEqualTo(classB);
        JsonNode compare = get(hub, "/api/compare?a=class:" + classA + "&b=class:" + classB).get("models").get(0);
        assertThat(compare.get("a").get("requests").asInt()).isEqualTo(6);
        assertThat(compare.get("b").get("requests").asInt()).isEqualTo(6);
        assertThat(compare.get("b_over_a").get("ttft_ms_p50").asDouble()).as("site b is 3x slower").isEqualTo(3.0);

        // Again: nothing new is stored.
        assertThat(federate()).isZero();
        assertThat(get(hub, "/api/campaigns/" + a).get("samples").asLong()).isEqualTo(6);
        assertThat(get(hub, "/api/campaigns")).hasSize(2);
    }

    @Test
    void badImportsAreRefusedWithTheProblemNamed() throws Exception {
        String done = runCampaign(siteA, "wa-1", Fixtures.intelDesktop(), 10);
        String running = submit(siteA);
        assertThat(send("GET", siteA, "/api/campaigns/" + running + "/bundle", null, null).statusCode()).isEqualTo(409);

        ObjectNode bundle = (ObjectNode) get(siteA, "/api/campaigns/" + done + "/bundle");
        assertThat(bundle.get("format").asText()).isEqualTo("fleetbench-campaign-bundle/1");
        bundle.put("site", "a");
        assertThat(send("POST", hub, "/api/import/campaigns", null, bundle).statusCode()).as("no token").isEqualTo(401);

        ObjectNode wrongFormat = bundle.deepCopy().put("format", "zip");
        assertError(send("POST", hub, "/api/import/campaigns", TOKEN, wrongFormat), 400, "format must be");
        ObjectNode noSite = bundle.deepCopy();
        noSite.remove("site");
        assertError(send("POST", hub, "/api/import/campaigns", TOKEN, noSite), 400, "site must be");
        ObjectNode stillRunning = bundle.deepCopy();
        ((ObjectNode) stillRunning.get("campaign")).put("state", "running");
        assertError(send("POST", hub, "/api/import/campaigns", TOKEN, stillRunning), 400, "still running");
        ObjectNode strayCell = bundle.deepCopy();
        ((ObjectNode) strayCell.get("cells").get(0)).put("worker_id", "w-elsewhere");
        assertError(send("POST", hub, "/api/import/campaigns", TOKEN, strayCell), 400, "w-elsewhere");
        ObjectNode badSpec = bundle.deepCopy();
        ((ObjectNode) badSpec.get("campaign")).put("spec_text", "name: x\nrepetitions: -1\n");
        assertThat(send("POST", hub, "/api/import/campaigns", TOKEN, badSpec).statusCode()).isEqualTo(400);
        ObjectNode wrongType = bundle.deepCopy().put("cells", "many");
        assertError(send("POST", hub, "/api/import/campaigns", TOKEN, wrongType), 400, "cells");

        assertThat(send("POST", hub, "/api/import/campaigns", TOKEN, bundle).statusCode()).isEqualTo(201);
        assertThat(send("POST", hub, "/api/import/campaigns", TOKEN, bundle).statusCode()).as("again").isEqualTo(200);
        ObjectNode otherSpec = bundle.deepCopy();
        ((ObjectNode) otherSpec.get("campaign")).put("spec_text", SPEC.replace("nightly", "other"));
        assertError(send("POST", hub, "/api/import/campaigns", TOKEN, otherSpec), 409, "another spec");

        ArrayNode samples = (ArrayNode) get(siteA, "/api/campaigns/" + done + "/samples");
        ObjectNode page = Json.mapper().createObjectNode().set("samples", samples);
        assertError(send("POST", hub, "/api/import/campaigns/c-nope/samples", TOKEN, page), 404, "c-nope");
        ObjectNode foreign = page.deepCopy();
        ((ObjectNode) foreign.get("samples").get(0)).put("campaign_id", "c-other");
        assertError(send("POST", hub, "/api/import/campaigns/" + done + "/samples", TOKEN, foreign), 400, "c-other");
        JsonNode stored = Json.mapper().readTree(send("POST", hub, "/api/import/campaigns/" + done + "/samples", TOKEN, page)
                .body());
        assertThat(stored.get("stored").asInt()).isEqualTo(6);
        JsonNode again = Json.mapper().readTree(send("POST", hub, "/api/import/campaigns/" + done + "/samples", TOKEN, page)
                .body());
        assertThat(again.get("stored").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(6);
        assertThat(get(hub, "/api/health").get("status").asText()).isEqualTo("ok");
    }

    private int federate() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("hub-token"), TOKEN);
        return CoordinatorMain.execute("federate", "--url", hub.url(), "--token-file", tokenFile.toString(),
                "--site", "a=" + siteA.url(), "--site", "b=" + siteB.url());
    }

    /** A campaign on a site, with one worker playing the protocol; returns its id once done. */
    private String runCampaign(Site site, String workerId, HardwareProfile hw, double ttftMs) throws Exception {
        EngineDescriptor engine = new EngineDescriptor("embedded", "b4916");
        RegisterRequest reg = new RegisterRequest(Protocol.VERSION, workerId, "0.1.0", hw, engine,
                List.of(Machines.STORIES), List.of(Machines.STORIES.id()), Map.of("room", "r1"));
        RegisterReply welcome = await(Bus.request(site.vertx().eventBus(), Addresses.REGISTER, reg, RegisterReply.class,
                T));
        assertThat(welcome.accepted()).isTrue();
        String session = welcome.session();
        String campaign = submit(site);
        for (int leases = 0; leases < 10; leases++) {
            Lease lease = await(Bus.request(site.vertx().eventBus(), Addresses.LEASE,
                    new LeaseRequest(Protocol.VERSION, workerId, session), LeaseReply.class, T)).lease();
            if (lease == null) {
                break;
            }
            List<Sample> samples = new ArrayList<>();
            for (LeasePrompt p : lease.prompts()) {
                for (int r = 0; r < p.repetitions(); r++) {
                    // as a real worker's: its fingerprint names the profile the class is stored with
                    Sample s = Samples.ok(lease.variant().id(), p.prompt().id(), ttftMs, ttftMs / 10, 8)
                            .withPlacement(campaign, p.cellId(), lease.leaseId(), workerId);
                    samples.add(new Sample(s.id(), s.campaignId(), s.cellId(), s.leaseId(), s.workerId(), s.model(),
                            s.promptId(), r, s.kind(), s.status(), null, null, s.startedAtMs(), s.ttftMs(), s.ttfcMs(),
                            s.tpotMs(), s.e2eMs(), s.decodeTps(), s.prefillTps(), s.nIn(), s.nOut(), false,
                            s.itlGapsMs(), null, s.text(), Map.of(), new dev.fleetbench.common.model.Fingerprint(
                                    s.model(), "llama.cpp-cpu", dev.fleetbench.common.model.DeviceType.CPU, "embedded",
                                    "b4916", "0.1.0", hw.profileHash(), hw.os().build(), null, hw.power().source(),
                                    "v1"), null, null, null));
                }
            }
            BatchAck ack = await(Bus.request(site.vertx().eventBus(), Addresses.SAMPLES,
                    new SampleBatch(Protocol.VERSION, workerId, "b-" + lease.leaseId(), samples, session), BatchAck.class,
                    T));
            assertThat(ack.stored()).isEqualTo(samples.size());
            await(Bus.request(site.vertx().eventBus(), Addresses.LEASE_FINISHED, new LeaseFinished(Protocol.VERSION,
                    workerId, lease.leaseId(), new ModelPhases(lease.variant().id(), null, null, 12.0, 3.0, 9.0,
                    50_000_000L, null, null, null, null, List.of()), false, session), LeaseFinishedAck.class, T));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!get(site, "/api/campaigns/" + campaign).get("state").asText().equals("done")) {
            assertThat(System.nanoTime()).as("campaign %s finishes", campaign).isLessThan(deadline);
            Thread.sleep(50);
        }
        return campaign;
    }

    private String submit(Site site) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(site.url() + "/api/campaigns"))
                .header("content-type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(SPEC)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.mapper().readTree(r.body()).get("id").asText();
    }

    private Site site(String name, String token) throws Exception {
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        Path data = Files.createDirectories(dir.resolve(name));
        DuckDbStore store = DuckDbStore.open(data.resolve("fleetbench.duckdb"));
        stores.add(store);
        CoordinatorConfig config = new CoordinatorConfig("127.0.0.1", 0,
                ClusterSettings.coordinator("unused", "127.0.0.1", 0, List.of()), data, token,
                // The test's workers send no heartbeats: a missing-after longer than the test keeps them placeable
                // however slowly a loaded machine runs it (with 3 s, a later campaign found no ready worker).
                new CoordinatorSettings(Duration.ofSeconds(1), Duration.ofSeconds(90), Duration.ofSeconds(180),
                        Duration.ofSeconds(15), 3, Duration.ofMillis(100))).withAutoApprove(true);
        CoordinatorVerticle coordinator = new CoordinatorVerticle(config, store, Clock.systemUTC(), "test");
        await(vertx.deployVerticle(coordinator));
        return new Site(vertx, coordinator);
    }

    /** A GET's JSON; a missing node for 404. */
    private JsonNode get(Site site, String path) throws Exception {
        HttpResponse<String> r = send("GET", site, path, null, null);
        if (r.statusCode() == 404) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private HttpResponse<String> send(String method, Site site, String path, String token, JsonNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(site.url() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        return http.send(b.header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> r, int status, String contains) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(Json.mapper().readTree(r.body()).get("error").asText()).contains(contains);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
