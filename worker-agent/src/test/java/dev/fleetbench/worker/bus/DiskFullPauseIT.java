package dev.fleetbench.worker.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.LeaseReply;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.app.LeaseRunner;
import dev.fleetbench.worker.app.MachineState;
import dev.fleetbench.worker.measure.FingerprintFactory;
import dev.fleetbench.worker.measure.ModelMeasurement;
import dev.fleetbench.worker.measure.RequestRunner;
import dev.fleetbench.worker.measure.ResourceSampler;
import dev.fleetbench.worker.outbox.DiskRoom;
import dev.fleetbench.worker.outbox.Outbox;
import dev.fleetbench.worker.testing.FakeClock;
import dev.fleetbench.worker.testing.ScriptedEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One agent verticle on a local event bus with a coordinator that answers registrations, heartbeats and lease
 * requests. While the outbox's disk is nearly full (a probe the test sets), the agent asks for no work and every
 * heartbeat says why; once space is back it asks again and the reason is gone.
 */
class DiskFullPauseIT {

    @TempDir
    Path dir;
    private Vertx vertx;
    private MachineState machine;

    @AfterEach
    void close() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (machine != null) {
            machine.close();
        }
    }

    @Test
    void aNearlyFullDiskPausesTheWorkerWithTheReasonUntilSpaceIsBack() throws Exception {
        vertx = Vertx.vertx();
        List<Heartbeat> beats = new CopyOnWriteArrayList<>();
        AtomicInteger leaseRequests = new AtomicInteger();
        AtomicLong rejected = new AtomicLong();
        dev.fleetbench.common.bus.Bus.consume(vertx.eventBus(), Addresses.REGISTER, RegisterRequest.class,
                RegisterRequest.TYPE, r -> Future.succeededFuture(new RegisterReply(Protocol.VERSION, true, null,
                        "welcome", 1000, "session-1")), rejected);
        dev.fleetbench.common.bus.Bus.consume(vertx.eventBus(), Addresses.HEARTBEAT, Heartbeat.class, Heartbeat.TYPE,
                h -> {
                    beats.add(h);
                    return Future.succeededFuture(new HeartbeatReply(Protocol.VERSION, true, List.of()));
                }, rejected);
        dev.fleetbench.common.bus.Bus.consume(vertx.eventBus(), Addresses.LEASE, LeaseRequest.class, LeaseRequest.TYPE,
                l -> {
                    leaseRequests.incrementAndGet();
                    return Future.succeededFuture(new LeaseReply(Protocol.VERSION, null, 100, "no work"));
                }, rejected);

        AtomicLong free = new AtomicLong(10L * 1024 * 1024); // 10 MiB of the 64 MiB needed
        DiskRoom room = new DiskRoom(dir, DiskRoom.DEFAULT_MIN_FREE_BYTES, free::get);
        ScriptedEngine engine = new ScriptedEngine(new FakeClock());
        machine = new MachineState();
        FingerprintFactory fingerprints = new FingerprintFactory(Fixtures::intelDesktop, engine.info(), "test", null);
        LeaseRunner runner = new LeaseRunner(engine, new ModelMeasurement(new RequestRunner(System::nanoTime,
                Clock.systemUTC(), () -> "s"), new ResourceSampler(pid -> Optional.empty(), System::nanoTime,
                Duration.ofSeconds(1)), System::nanoTime, 1), fingerprints, "w-12");
        AgentVerticle agent = AgentVerticle.standalone("w-12", () -> new RegisterRequest(Protocol.VERSION, "w-12",
                "test", Fixtures.intelDesktop(), new EngineDescriptor("scripted", "1"), List.<ModelVariant>of(), List.of(),
                Map.of()), Outbox.open(dir.resolve("outbox")), runner, machine, AgentSettings.DEFAULTS, () -> { },
                room);
        vertx.deployVerticle(agent).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        await(() -> beats.stream().filter(b -> b.paused() != null).count() >= 3);
        assertThat(leaseRequests).as("no work asked for while the disk is nearly full").hasValue(0);
        Heartbeat paused = beats.stream().filter(b -> b.paused() != null).findFirst().orElseThrow();
        assertThat(paused.paused()).contains("disk nearly full", "10.0 MiB free", "64.0 MiB needed")
                .hasSizeLessThanOrEqualTo(Heartbeat.MAX_PAUSED);

        free.set(10L * 1024 * 1024 * 1024); // space freed
        await(() -> leaseRequests.get() > 0);
        int seen = beats.size();
        await(() -> beats.size() > seen + 1);
        assertThat(beats.get(beats.size() - 1).paused()).as("the reason is gone once it works again").isNull();
        assertThat(rejected.get()).isZero();
    }

    @Test
    void theReasonNamesTheDiskAndAFailedProbeAlsoPauses() {
        assertThat(new DiskRoom(dir, 100, () -> 99).shortage()).contains(dir.toString());
        assertThat(new DiskRoom(dir, 100, () -> 100).shortage()).isNull();
        assertThat(new DiskRoom(dir, 100, () -> {
            throw new java.io.IOException("device gone");
        }).shortage()).contains("cannot tell the free space", "device gone");
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
