package dev.fleetbench.worker.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.app.LeaseRunner;
import dev.fleetbench.worker.app.MachineState;
import dev.fleetbench.worker.measure.FingerprintFactory;
import dev.fleetbench.worker.outbox.Outbox;
import dev.fleetbench.worker.testing.FakeClock;
import dev.fleetbench.worker.testing.LocalCoordinator;
import dev.fleetbench.worker.testing.ScriptedEngine;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        LocalCoordinator coordinator = new LocalCoordinator(vertx.eventBus());
        List<RegisterRequest> registrations = coordinator.registrations;
        List<String> leaseSessions = coordinator.leaseSessions;

        // the Core Ultra laptop as probed at start, its NPU query timed out
        HardwareProfile withNpu = Fixtures.coreUltraLaptop();
        HardwareProfile atStart = new HardwareProfile(withNpu.machineId(), withNpu.hostname(), withNpu.os(),
                withNpu.cpu(), withNpu.memory(), withNpu.gpus(), List.of(), withNpu.power(),
                List.of("NPU list unavailable: PowerShell PnP query timed out after 30 s"));
        AtomicReference<HardwareProfile> profile = new AtomicReference<>(atStart);
        ScriptedEngine engine = new ScriptedEngine(new FakeClock());
        machine = new MachineState();
        FingerprintFactory fingerprints = new FingerprintFactory(profile::get, engine.info(), "test", null);
        LeaseRunner runner = LocalCoordinator.runner(engine, fingerprints, "w-11");
        AgentVerticle agent = AgentVerticle.standalone("w-11", () -> new RegisterRequest(Protocol.VERSION, "w-11",
                "test", profile.get(), new EngineDescriptor("scripted", "1"), List.<ModelVariant>of(), List.of(),
                Map.of()), Outbox.open(dir.resolve("outbox")), runner, machine, AgentSettings.DEFAULTS, () -> { });
        vertx.deployVerticle(agent).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LocalCoordinator.await(() -> leaseSessions.contains("session-1"));

        agent.changeRegistrationWhenIdle(() -> profile.set(withNpu));

        LocalCoordinator.await(() -> registrations.size() == 2 && leaseSessions.contains("session-2"));
        assertThat(registrations.get(0).hardware().npus()).isEmpty();
        assertThat(registrations.get(1).hardware()).isEqualTo(withNpu);
        assertThat(HardwareClassifier.classify(registrations.get(1).hardware()).key())
                .isNotEqualTo(HardwareClassifier.classify(registrations.get(0).hardware()).key()).contains("npu:intel");
        // the samples of the next lease carry the profile the coordinator now has
        assertThat(fingerprints.of(ScriptedEngine.MODEL, "p1").hardwareProfileHash()).isEqualTo(withNpu.profileHash());
        assertThat(coordinator.rejected.get()).isZero();
    }

}
