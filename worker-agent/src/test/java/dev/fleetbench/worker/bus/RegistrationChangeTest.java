package dev.fleetbench.worker.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.model.HardwareProfile;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One agent verticle on a local event bus, with a coordinator that answers registrations, heartbeats and lease
 * requests (never with a lease). A profile changed later (an NPU a later query found) is registered again, with a new
 * session the worker then uses, so the coordinator places it by its new class.
 */
class RegistrationChangeTest {

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
    void aChangedProfileIsRegisteredAgainAndItsSessionUsed() throws Exception {
        vertx = Vertx.vertx();
        List<RegisterRequest> registrations = new CopyOnWriteArrayList<>();
        List<String> leaseSessions = new CopyOnWriteArrayList<>();
        AtomicLong rejected = new AtomicLong();
        dev.fleetbench.common.bus.Bus.consume(vertx.eventBus(), Addresses.REGISTER, RegisterRequest.class,
                RegisterRequest.TYPE, r -> {
                    registrations.add(r);
                    return Future.succeededFuture(new RegisterReply(Protocol.VERSION, true, null, "welcome", 1000,
                            "session-" + registrations.size()));
                }, rejected);
        dev.fleetbench.common.bus.Bus.consume(vertx.eventBus(), Addresses.HEARTBEAT, Heartbeat.class, Heartbeat.TYPE,
                h -> Future.succeededFuture(new HeartbeatReply(Protocol.VERSION, true, List.of())), rejected);
        dev.fleetbench.common.bus.Bus.consume(vertx.eventBus(), Addresses.LEASE, LeaseRequest.class, LeaseRequest.TYPE,
                l -> {
                    leaseSessions.add(l.session());
                    return Future.succeededFuture(new LeaseReply(Protocol.VERSION, null, 100, "no work"));
                }, rejected);

        // the Core Ultra laptop as probed at start, its NPU query timed out
        HardwareProfile withNpu = Fixtures.coreUltraLaptop();
        HardwareProfile atStart = new HardwareProfile(withNpu.machineId(), withNpu.hostname(), withNpu.os(),
                withNpu.cpu(), withNpu.memory(), withNpu.gpus(), List.of(), withNpu.power(),
                List.of("NPU list unavailable: PowerShell PnP query timed out after 30 s"));
        AtomicReference<HardwareProfile> profile = new AtomicReference<>(atStart);
        ScriptedEngine engine = new ScriptedEngine(new FakeClock());
        machine = new MachineState();
        FingerprintFactory fingerprints = new FingerprintFactory(profile::get, engine.info(), "test", null);
        LeaseRunner runner = new LeaseRunner(engine, new ModelMeasurement(new RequestRunner(System::nanoTime,
                Clock.systemUTC(), () -> "s"), new ResourceSampler(pid -> Optional.empty(), System::nanoTime,
                Duration.ofSeconds(1)), System::nanoTime, 1), fingerprints, "w-11");
        AgentVerticle agent = AgentVerticle.standalone("w-11", () -> new RegisterRequest(Protocol.VERSION, "w-11",
                "test", profile.get(), new EngineDescriptor("scripted", "1"), List.<ModelVariant>of(), List.of(),
                Map.of()), Outbox.open(dir.resolve("outbox")), runner, machine, AgentSettings.DEFAULTS, () -> { });
        vertx.deployVerticle(agent).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await(() -> leaseSessions.contains("session-1"));

        agent.changeRegistrationWhenIdle(() -> profile.set(withNpu));

        await(() -> registrations.size() == 2 && leaseSessions.contains("session-2"));
        assertThat(registrations.get(0).hardware().npus()).isEmpty();
        assertThat(registrations.get(1).hardware()).isEqualTo(withNpu);
        assertThat(HardwareClassifier.classify(registrations.get(1).hardware()).key())
                .isNotEqualTo(HardwareClassifier.classify(registrations.get(0).hardware()).key()).contains("npu:intel");
        // the samples of the next lease carry the profile the coordinator now has
        assertThat(fingerprints.of(ScriptedEngine.MODEL, "p1").hardwareProfileHash()).isEqualTo(withNpu.profileHash());
        assertThat(rejected.get()).isZero();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
