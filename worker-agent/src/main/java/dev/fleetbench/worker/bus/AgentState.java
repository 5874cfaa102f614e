package dev.fleetbench.worker.bus;

import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeaseProgress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What a worker keeps while it reconnects to the cluster: the lease it is measuring (which runs on its own thread and
 * does not stop when the event bus goes away), its cancel flag, the report of a lease that ended while the
 * coordinator was unreachable, and the dispatcher of the agent verticle currently deployed. Thread-safe.
 */
final class AgentState {

    private final AtomicReference<Lease> current = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<ModelPhases>> running = new AtomicReference<>();
    private final AtomicReference<LeaseFinished> unreported = new AtomicReference<>();
    final AtomicBoolean cancel = new AtomicBoolean();
    /** Random per agent process: the coordinator tells a restarted agent from a second one with the same identity. */
    final String instance = java.util.UUID.randomUUID().toString();
    /** The session token of the last accepted registration (a credential: never logged); null before the first. */
    volatile String session;
    /** A change of what the worker registers with, applied once the worker is idle (then it registers again). */
    private final AtomicReference<Runnable> registrationChange = new AtomicReference<>();
    private volatile Runnable waker = () -> { };
    private volatile Consumer<LeaseProgress> progress = p -> { };

    Lease current() {
        return current.get();
    }

    CompletableFuture<ModelPhases> running() {
        return running.get();
    }

    void started(Lease lease, CompletableFuture<ModelPhases> future) {
        cancel.set(false);
        current.set(lease);
        running.set(future);
    }

    /** The lease ended; its report waits here until the coordinator acknowledged it. */
    void ended(LeaseFinished report) {
        running.set(null);
        unreported.set(report);
    }

    LeaseFinished unreported() {
        return unreported.get();
    }

    /** The coordinator recorded the end of the lease: the worker is idle again. */
    void reported() {
        unreported.set(null);
        current.set(null);
    }

    /** Queues a change of the registration; changes queued before it is applied run together, in order. */
    void changeRegistration(Runnable change) {
        registrationChange.accumulateAndGet(change, (before, next) -> before == null ? next : () -> {
            before.run();
            next.run();
        });
    }

    /** Whether a change of the registration is queued. */
    boolean hasRegistrationChange() {
        return registrationChange.get() != null;
    }

    /** The queued registration change, removed; null when there is none. */
    Runnable takeRegistrationChange() {
        return registrationChange.getAndSet(null);
    }

    /** Tells the agent verticle deployed now that something changed (from the measuring thread). */
    void wake() {
        waker.run();
    }

    /** Sends a progress report through the agent verticle deployed now. */
    void progress(LeaseProgress p) {
        progress.accept(p);
    }

    /** The verticle now deployed takes over: it is woken and it sends progress. */
    void attach(Runnable wake, Consumer<LeaseProgress> progressSink) {
        this.waker = wake;
        this.progress = progressSink;
    }
}
