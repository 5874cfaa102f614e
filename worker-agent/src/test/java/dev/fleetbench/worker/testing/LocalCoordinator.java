package dev.fleetbench.worker.testing;

import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeaseFinishedAck;
import dev.fleetbench.common.protocol.LeaseReply;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.SampleBatch;
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
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A coordinator on a local event bus for single-verticle tests of the agent: it accepts every registration (session
 * "session-N" for the N-th), answers heartbeats as known, hands out the leases a test put in {@link #leases} (else has
 * no work), acknowledges every batch and lease end, and records what it was sent.
 */
public final class LocalCoordinator {

    public final List<RegisterRequest> registrations = new CopyOnWriteArrayList<>();
    public final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    /** The session of every lease request, in order. */
    public final List<String> leaseSessions = new CopyOnWriteArrayList<>();
    /** Leases to hand out, one per request, in order. */
    public final Queue<Lease> leases = new ConcurrentLinkedQueue<>();
    public final List<SampleBatch> batches = new CopyOnWriteArrayList<>();
    public final List<LeaseFinished> finished = new CopyOnWriteArrayList<>();
    /** For each lease end, in order of arrival: how many samples of that lease had been received before it. */
    public final List<Integer> storedAtFinish = new CopyOnWriteArrayList<>();
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
            Lease next = leases.poll();
            return Future.succeededFuture(new LeaseReply(Protocol.VERSION, next, 100, next == null ? "no work" : null));
        }, rejected);
        Bus.consume(bus, Addresses.SAMPLES, SampleBatch.class, b -> {
            batches.add(b);
            return Future.succeededFuture(new BatchAck(Protocol.VERSION, b.batchId(), b.samples().size(), 0, 0));
        }, rejected);
        Bus.consume(bus, Addresses.LEASE_FINISHED, LeaseFinished.class, f -> {
            storedAtFinish.add((int) batches.stream().flatMap(b -> b.samples().stream())
                    .filter(s -> f.leaseId().equals(s.leaseId())).count());
            finished.add(f);
            return Future.succeededFuture(new LeaseFinishedAck(Protocol.VERSION, f.leaseId()));
        }, rejected);
    }

    /** A lease runner on {@code engine} that measures without reading any process's resources; ids are unique. */
    public static LeaseRunner runner(InferenceEngine engine, FingerprintFactory fingerprints, String workerId) {
        return new LeaseRunner(engine, new ModelMeasurement(new RequestRunner(System::nanoTime, Clock.systemUTC(),
                () -> "s-" + UUID.randomUUID()), new ResourceSampler(pid -> Optional.empty(), System::nanoTime,
                Duration.ofSeconds(1)), System::nanoTime, 1), fingerprints, workerId);
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
