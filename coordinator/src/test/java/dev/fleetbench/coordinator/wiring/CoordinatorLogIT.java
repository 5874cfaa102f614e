package dev.fleetbench.coordinator.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.bus.Bus;
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
import dev.fleetbench.common.protocol.LeaseReply;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.LogLines;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.domain.leases.LeaseOutcome;
import dev.fleetbench.coordinator.store.DuckDbStore;
import dev.fleetbench.coordinator.testing.Machines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's structured log as slf4j-simple prints it (captured from standard error): a unit's leases from
 * issue through expiry, a worker restart that abandons the second, to the third attempt's end, with the campaign,
 * lease, worker and model in every line, and the same story in the stored lease history; and
 * worker-supplied strings (a worker id, a host name) that try to start a line of their own stay inside one quoted
 * value.
 */
@ExtendWith(VertxExtension.class)
class CoordinatorLogIT {

    private static final long T = 10_000;
    private static final String FORGED = "\n2030-01-01T00:00:00.000Z [main] INFO coordinator - event=lease.issued"
            + " worker=forged";
    /** What slf4j-simple prints before each message, as configured in simplelogger.properties. */
    private static final Pattern PREFIX = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-]\\d\\d:\\d\\d)"
            + " \\[[^\\]]+\\] (INFO|WARN|ERROR) coordinator - event=");

    @TempDir
    Path dir;
    private Vertx vertx;
    private CoordinatorVerticle verticle;
    private DuckDbStore store;
    private PrintStream originalErr;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(captured, originalErr), true, StandardCharsets.UTF_8));
        this.vertx = vertx;
        store = DuckDbStore.open(dir.resolve("fleetbench.duckdb"));
        // A lease lives 3 s without heartbeats, so that one expires within the test.
        verticle = CoordinatorVerticleTest.deploy(vertx, dir, store, Duration.ofSeconds(3));
    }

    @AfterEach
    void tearDown() {
        System.setErr(originalErr);
        store.close();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static RegisterRequest registration(String workerId, String hostname) {
        HardwareProfile p = Fixtures.intelDesktop();
        HardwareProfile hw = new HardwareProfile(p.machineId(), hostname, p.os(), p.cpu(), p.memory(), p.gpus(),
                p.npus(), p.power(), p.notes());
        return new RegisterRequest(Protocol.VERSION, workerId, "0.1.0", hw, new EngineDescriptor("embedded", "b4916"),
                List.of(Machines.STORIES), List.of(Machines.STORIES.id()), Map.of());
    }

    /** The session of w-1's registration. */
    private String session;

    private Lease lease() throws Exception {
        return await(Bus.request(vertx.eventBus(), Addresses.LEASE, new LeaseRequest(Protocol.VERSION, "w-1", session),
                LeaseReply.class, T)).lease();
    }

    /** The captured lines that carry an event, parsed. */
    private List<Map<String, String>> events() {
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("event="))
                .map(LogLines::parse).toList();
    }

    private Map<String, String> awaitEvent(Predicate<Map<String, String>> which, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            for (Map<String, String> e : events()) {
                if (which.test(e)) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + what + " logged in 15 s; captured:\n" + captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLeaseLifecycleIsLoggedWithItsIdsAndHostileStringsCannotForgeALine() throws Exception {
        RegisterReply welcomed = await(Bus.request(vertx.eventBus(), Addresses.REGISTER, registration("w-1",
                "lab-7" + FORGED), RegisterReply.class, T));
        RegisterReply refused = await(Bus.request(vertx.eventBus(), Addresses.REGISTER, registration("w-2" + FORGED,
                "lab-8"), RegisterReply.class, T));
        assertThat(welcomed.accepted()).isTrue();
        session = welcomed.session();
        assertThat(refused.accepted()).isFalse();
        var created = await(WebClient.create(vertx).post(verticle.httpPort(), "127.0.0.1", "/api/campaigns")
                .putHeader("content-type", "application/yaml").sendBuffer(Buffer.buffer(
                        "name: logged\nmodels: [stories260K]\nrepetitions: 1\nwarmups: 0\nprompts: [{id: a, text: A}]\n")));
        String campaign = Json.mapper().readTree(created.bodyAsString()).get("id").asText();

        Lease first = lease(); // never renewed: it expires
        awaitEvent(e -> e.get("event").equals("lease.expired"), "expired lease");
        Lease second = lease(); // abandoned: the worker asks again as if it restarted
        Lease third = lease();
        String cell = third.prompts().get(0).cellId();
        Sample sample = Samples.ok(third.variant().id(), "a", 10, 5, 4).withPlacement(campaign, cell, third.leaseId(),
                "w-1");
        BatchAck ack = await(Bus.request(vertx.eventBus(), Addresses.SAMPLES, new SampleBatch(Protocol.VERSION, "w-1",
                "b1", List.of(sample), session), BatchAck.class, T));
        assertThat(ack.stored()).isEqualTo(1);
        await(Bus.request(vertx.eventBus(), Addresses.LEASE_FINISHED, new LeaseFinished(Protocol.VERSION, "w-1",
                third.leaseId(), new ModelPhases(third.variant().id(), null, null, 12.0, 3.0, 9.0, null, null, null,
                null, null, List.of()), false, session), LeaseFinishedAck.class, T));
        // A batch that claims to come from a hostile worker id (with w-1's session) is refused, and the refusal is
        // logged with the worker whose session it carried.
        assertThat(Bus.request(vertx.eventBus(), Addresses.SAMPLES, new SampleBatch(Protocol.VERSION, "w-3" + FORGED,
                "b2", List.of(sample), session), BatchAck.class, T).toCompletionStage().toCompletableFuture()
                .handle((a, e) -> e).get(20, TimeUnit.SECONDS)).isNotNull();
        awaitEvent(e -> e.get("event").equals("campaign.done"), "campaign done");

        String model = Machines.STORIES.id();
        Map<String, String> common = Map.of("campaign", campaign, "worker", "w-1", "model", model);
        assertThat(events()).filteredOn(e -> e.get("event").startsWith("lease.")).containsExactly(
                with(common, "event", "lease.issued", "lease", first.leaseId(), "attempt", "1", "cells", "1"),
                with(common, "event", "lease.expired", "lease", first.leaseId(), "attempt", "1"),
                with(common, "event", "lease.issued", "lease", second.leaseId(), "attempt", "2", "cells", "1"),
                with(common, "event", "lease.abandoned", "lease", second.leaseId(), "attempt", "2"),
                with(common, "event", "lease.issued", "lease", third.leaseId(), "attempt", "3", "cells", "1"),
                with(common, "event", "lease.finished", "lease", third.leaseId(), "attempt", "3", "failure", "-"));
        // The lease history tells the same story: no lease is left running.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.leases(campaign).stream().anyMatch(l -> l.outcome() == LeaseOutcome.RUNNING) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(store.leases(campaign)).extracting(l -> l.leaseId() + " " + l.outcome().wire()).containsExactlyInAnyOrder(
                first.leaseId() + " expired", second.leaseId() + " abandoned", third.leaseId() + " finished");
        assertThat(events()).filteredOn(e -> e.get("event").startsWith("campaign.")).extracting(e -> e.get("event"))
                .containsExactly("campaign.submitted", "campaign.started", "campaign.done");
        assertThat(awaitEvent(e -> e.get("event").equals("campaign.done"), "done"))
                .containsEntry("campaign", campaign).containsEntry("cells", "1").containsEntry("done", "1");
        assertThat(awaitEvent(e -> e.get("event").equals("worker.joined"), "joined"))
                .containsEntry("worker", "w-1").containsEntry("host", "lab-7" + FORGED);
        assertThat(awaitEvent(e -> e.get("event").equals("worker.refused"), "refused"))
                .containsEntry("worker", "w-2" + FORGED);
        assertThat(awaitEvent(e -> e.get("event").equals("bus.refused"), "refused batch"))
                .containsEntry("worker", "w-3" + FORGED).containsEntry("sender", "w-1").containsEntry("code", "UNAUTHORIZED")
                .containsEntry("address", "samples");

        // Every event line is one whole line with the logger's prefix; the forged line exists only inside values.
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("event=")).toList();
        assertThat(lines).allMatch(l -> PREFIX.matcher(l).find(), "starts with the logger's prefix");
        assertThat(lines).filteredOn(l -> l.contains("forged")).hasSize(3);
        assertThat(events()).noneMatch(e -> "forged".equals(e.get("worker")));
    }

    private static Map<String, String> with(Map<String, String> common, String... more) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(more[0], more[1]);
        m.putAll(common);
        for (int i = 2; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    /** Writes to both: the capture and the stream surefire gave the test. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
