package dev.fleetbench.worker.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeasePrompt;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.WorkerState;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.worker.app.MachineState;
import dev.fleetbench.worker.measure.FingerprintFactory;
import dev.fleetbench.worker.outbox.Outbox;
import dev.fleetbench.worker.testing.FakeClock;
import dev.fleetbench.worker.testing.LocalCoordinator;
import dev.fleetbench.worker.testing.ScriptedEngine;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent verticle against a fake coordinator on a local event bus ({@link LocalCoordinator}): a lease is measured,
 * its samples delivered and acknowledged, and only then its end reported; and its heartbeats go on while a sample
 * waits for a slow disk.
 */
@ExtendWith(VertxExtension.class)
class AgentVerticleTest {

    /** Quick beats, so that a test sees several in a short time. */
    private static final AgentSettings QUICK = new AgentSettings(Duration.ofMillis(100), Duration.ofSeconds(10), 2,
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60));

    @TempDir
    Path dir;
    private final MachineState machine = new MachineState();
    private final CountDownLatch diskDone = new CountDownLatch(1);

    @AfterEach
    void close() {
        diskDone.countDown();
        machine.close();
    }

    private AgentVerticle agent(String workerId, Outbox outbox) {
        ScriptedEngine engine = new ScriptedEngine(new FakeClock());
        FingerprintFactory fingerprints = new FingerprintFactory(Fixtures::intelDesktop, engine.info(), "test", null);
        return AgentVerticle.standalone(workerId, () -> new RegisterRequest(Protocol.VERSION, workerId, "test",
                Fixtures.intelDesktop(), new EngineDescriptor("scripted", "1"), List.<ModelVariant>of(), List.of(),
                Map.of()), outbox, LocalCoordinator.runner(engine, fingerprints, workerId), machine, QUICK, () -> { });
    }

    private static void deploy(Vertx vertx, AgentVerticle agent) throws Exception {
        vertx.deployVerticle(agent).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void aLeaseIsMeasuredItsSamplesAcknowledgedAndOnlyThenItsEndReported(Vertx vertx) throws Exception {
        LocalCoordinator coordinator = new LocalCoordinator(vertx.eventBus());
        coordinator.leases.add(new Lease("l-1", "c-1", 1, ScriptedEngine.MODEL, List.of(new LeasePrompt("cell-1",
                new PromptSpec("p1", UseCase.CHAT, "Once upon a time", 8, null), 0, 5)), 0, "ps-1", 60, false));
        Outbox outbox = Outbox.open(dir.resolve("outbox"));
        deploy(vertx, agent("w-21", outbox));

        LocalCoordinator.await(() -> coordinator.finished.size() == 1);
        List<Sample> delivered = coordinator.batches.stream().flatMap(b -> b.samples().stream()).toList();
        // the cold request, then the five measured repetitions
        assertThat(delivered).extracting(s -> s.kind() + " " + s.repetition()).containsExactly("COLD 0",
                "MEASURED 0", "MEASURED 1", "MEASURED 2", "MEASURED 3", "MEASURED 4");
        assertThat(delivered).extracting(Sample::leaseId).containsOnly("l-1");
        assertThat(coordinator.batches).as("batches of at most two").allSatisfy(b ->
                assertThat(b.samples()).hasSizeLessThanOrEqualTo(2));
        assertThat(coordinator.storedAtFinish).as("the end came after all six samples").containsExactly(6);
        assertThat(coordinator.finished.get(0).cancelled()).isFalse();
        assertThat(coordinator.finished.get(0).session()).isEqualTo("session-1");
        assertThat(outbox.size()).isZero();

        // then the worker is idle again and asks for more work
        int asked = coordinator.leaseSessions.size();
        LocalCoordinator.await(() -> coordinator.leaseSessions.size() > asked);
        LocalCoordinator.await(() -> coordinator.heartbeats.get(coordinator.heartbeats.size() - 1).state()
                == WorkerState.IDLE);
        assertThat(coordinator.heartbeats).anySatisfy(h -> assertThat(h.leaseId()).isEqualTo("l-1"));
        assertThat(coordinator.rejected.get()).isZero();
    }

    @Test
    void heartbeatsGoOnWhileASampleWaitsForASlowDisk(Vertx vertx) throws Exception {
        LocalCoordinator coordinator = new LocalCoordinator(vertx.eventBus());
        AtomicBoolean slow = new AtomicBoolean();
        CountDownLatch flushing = new CountDownLatch(1);
        Outbox outbox = Outbox.open(dir.resolve("outbox"), ch -> {
            if (slow.get()) {
                flushing.countDown();
                try {
                    if (!diskDone.await(60, TimeUnit.SECONDS)) {
                        throw new IOException("the test never let the disk finish");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while flushing");
                }
            }
            ch.force(true);
        });
        deploy(vertx, agent("w-22", outbox));
        LocalCoordinator.await(() -> coordinator.heartbeats.size() >= 2);

        slow.set(true);
        Sample sample = Samples.ok("m", "p", 10, 5, 3).withPlacement("c-1", "cell-1", "l-0", "w-22");
        CompletableFuture<Void> append = CompletableFuture.runAsync(() -> {
            try {
                outbox.append(sample); // as the measuring thread does
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(flushing.await(30, TimeUnit.SECONDS)).as("the append reached the disk flush").isTrue();
        int before = coordinator.heartbeats.size();
        LocalCoordinator.await(() -> coordinator.heartbeats.size() >= before + 5);
        assertThat(append).as("the sample still waits for the disk").isNotDone();
        assertThat(coordinator.heartbeats.subList(before, before + 5)).extracting(Heartbeat::outboxSamples)
                .as("what is not durable yet is not counted").containsOnly(0);

        diskDone.countDown();
        append.get(30, TimeUnit.SECONDS);
        LocalCoordinator.await(() -> coordinator.batches.stream().anyMatch(b -> b.samples().contains(sample)));
        LocalCoordinator.await(() -> outbox.size() == 0);
        assertThat(coordinator.rejected.get()).isZero();
    }
}
