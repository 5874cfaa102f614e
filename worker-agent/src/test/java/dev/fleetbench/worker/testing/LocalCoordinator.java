package dev.fleetbench.worker.testing;

import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.LeaseReply;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.worker.app.LeaseRunner;
import dev.fleetbench.worker.engine.InferenceEngine;
import dev.fleetbench.worker.measure.FingerprintFactory;
import dev.fleetbench.worker.measure.ModelMeasurement;
import dev.fleetbench.worker.measure.RequestRunner;
import dev.fleetbench.worker.measure.ResourceSampler;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A coordinator on a local event bus for single-verticle tests of the agent: it accepts every registration (session
 * "session-N" for the N-th), answers heartbeats as known, never has work, and records what it was sent.
 */
public final class LocalCoordinator {

    public final List<RegisterRequest> registrations = new CopyOnWriteArrayList<>();
    public final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    /** The session of every lease request, in order. */
    public final List<String> leaseSessions = new CopyOnWriteArrayList<>();
    /** Messages the consumers refused as malformed. */
    public final AtomicLong rejected = new AtomicLong();

    public LocalCoordinator(EventBus bus) {
        Bus.consume(bus, Addresses.REGISTER, RegisterRequest.class, r -> {
            registrations.add(r);
            return Future.succeededFuture(new RegisterReply(Protocol.VERSION, true, null, "welcome", 1000,
                    "session-" + registrations.size()));
        }, rejected);
        Bus.consume(bus, Addresses.HEARTBEAT, Heartbeat.class, h -> {
            heartbeats.add(h);
            return Future.succeededFuture(new HeartbeatReply(Protocol.VERSION, true, List.of()));
        }, rejected);
        Bus.consume(bus, Addresses.LEASE, LeaseRequest.class, l -> {
            leaseSessions.add(l.session());
            return Future.succeededFuture(new LeaseReply(Protocol.VERSION, null, 100, "no work"));
        }, rejected);
    }

    /** A lease runner on {@code engine} that measures without reading any process's resources. */
    public static LeaseRunner runner(InferenceEngine engine, FingerprintFactory fingerprints, String workerId) {
        return new LeaseRunner(engine, new ModelMeasurement(new RequestRunner(System::nanoTime, Clock.systemUTC(),
                () -> "s"), new ResourceSampler(pid -> Optional.empty(), System::nanoTime, Duration.ofSeconds(1)),
                System::nanoTime, 1), fingerprints, workerId);
    }

    /** Waits up to 60 s for the condition, polling every 20 ms. */
    public static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(20);
        }
    }
}
