package dev.fleetbench.worker.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.app.LeaseRunner;
import dev.fleetbench.worker.app.MachineState;
import dev.fleetbench.worker.measure.FingerprintFactory;
import dev.fleetbench.worker.outbox.DiskRoom;
import dev.fleetbench.worker.outbox.Outbox;
import dev.fleetbench.worker.testing.FakeClock;
import dev.fleetbench.worker.testing.LocalCoordinator;
import dev.fleetbench.worker.testing.ScriptedEngine;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        LocalCoordinator coordinator = new LocalCoordinator(vertx.eventBus());
        List<Heartbeat> beats = coordinator.heartbeats;

        AtomicLong free = new AtomicLong(10L * 1024 * 1024); // 10 MiB of the 64 MiB needed
        DiskRoom room = new DiskRoom(dir, DiskRoom.DEFAULT_MIN_FREE_BYTES, free::get);
        ScriptedEngine engine = new ScriptedEngine(new FakeClock());
        machine = new MachineState();
        FingerprintFactory fingerprints = new FingerprintFactory(Fixtures::intelDesktop, engine.info(), "test", null);
        LeaseRunner runner = LocalCoordinator.runner(engine, fingerprints, "w-12");
        AgentVerticle agent = AgentVerticle.standalone("w-12", () -> new RegisterRequest(Protocol.VERSION, "w-12",
                "test", Fixtures.intelDesktop(), new EngineDescriptor("scripted", "1"), List.<ModelVariant>of(), List.of(),
                Map.of()), Outbox.open(dir.resolve("outbox")), runner, machine, AgentSettings.DEFAULTS, () -> { },
                room);
        vertx.deployVerticle(agent).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        LocalCoordinator.await(() -> beats.stream().filter(b -> b.paused() != null).count() >= 3);
        assertThat(coordinator.leaseSessions).as("no work asked for while the disk is nearly full").isEmpty();
        Heartbeat paused = beats.stream().filter(b -> b.paused() != null).findFirst().orElseThrow();
        assertThat(paused.paused()).contains("disk nearly full", "10.0 MiB free", "64.0 MiB needed")
                .hasSizeLessThanOrEqualTo(Heartbeat.MAX_PAUSED);

        free.set(10L * 1024 * 1024 * 1024); // space freed
        LocalCoordinator.await(() -> !coordinator.leaseSessions.isEmpty());
        int seen = beats.size();
        LocalCoordinator.await(() -> beats.size() > seen + 1);
        assertThat(beats.get(beats.size() - 1).paused()).as("the reason is gone once it works again").isNull();
        assertThat(coordinator.rejected.get()).isZero();
    }

    @Test
    void theReasonNamesTheDiskAndAFailedProbeAlsoPauses() {
        assertThat(new DiskRoom(dir, 100, () -> 99).shortage()).contains(dir.toString());
        assertThat(new DiskRoom(dir, 100, () -> 100).shortage()).isNull();
        assertThat(new DiskRoom(dir, 100, () -> {
            throw new java.io.IOException("device gone");
        }).shortage()).contains("cannot tell the free space", "device gone");
    }

}
