package dev.fleetbench.worker.app;

import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.InferenceEngine;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.measure.FingerprintFactory;
import dev.fleetbench.worker.measure.MeasurementPlan;
import dev.fleetbench.worker.measure.ModelMeasurement;
import dev.fleetbench.worker.measure.Placement;
import dev.fleetbench.worker.measure.PlanListener;
import dev.fleetbench.worker.measure.PlannedPrompt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs leases one at a time on a dedicated measuring thread (inference blocks for minutes; it must never run on an
 * event loop or a shared worker pool). Turns the protocol's {@link Lease} into a {@link MeasurementPlan}.
 */
public final class LeaseRunner implements AutoCloseable {

    private final InferenceEngine engine;
    private final ModelMeasurement measurement;
    private final FingerprintFactory fingerprints;
    private final String workerId;
    /** Null unless agents sharing this machine take turns to measure. */
    private final MeasuringTurn turn;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fleetbench-measure");
        t.setDaemon(true);
        return t;
    });

    public LeaseRunner(InferenceEngine engine, ModelMeasurement measurement, FingerprintFactory fingerprints,
                       String workerId) {
        this(engine, measurement, fingerprints, workerId, null);
    }

    /** A runner that measures only while it holds {@code turn} (null: whenever a lease comes). */
    public LeaseRunner(InferenceEngine engine, ModelMeasurement measurement, FingerprintFactory fingerprints,
                       String workerId, MeasuringTurn turn) {
        this.turn = turn;
        this.engine = engine;
        this.measurement = measurement;
        this.fingerprints = fingerprints;
        this.workerId = workerId;
    }

    /** The plan a lease asks for. */
    public static MeasurementPlan plan(Lease lease) {
        return new MeasurementPlan(lease.promptSetVersion(),
                lease.prompts().stream().map(p -> new PlannedPrompt(p.prompt(), p.cellId(), p.firstRepetition(),
                        p.repetitions())).toList(),
                lease.warmups(), Timeouts.ofTotal(Duration.ofSeconds(lease.requestTimeoutSeconds())), true);
    }

    /**
     * Starts the lease; every sample goes to {@code sink} (the outbox) as soon as it is measured.
     *
     * @return the model's phases when the plan is over (also when it was cancelled)
     */
    public CompletableFuture<ModelPhases> run(Lease lease, Consumer<Sample> sink, PlanListener listener,
                                              BooleanSupplier cancelled) {
        return CompletableFuture.supplyAsync(() -> {
            // a lease cancelled while waiting for its turn gets none (null) and ends at once in the measurement
            try (MeasuringTurn.Held held = turn == null ? null : turn.await(cancelled)) {
                return cleanUp(lease, measurement.run(engine, lease.variant(), plan(lease),
                        new Placement(lease.campaignId(), lease.leaseId(), workerId), fingerprints, sink, listener,
                        cancelled), listener);
            }
        }, thread);
    }

    /**
     * Removes the variant from the engine's cache when the lease asks for it and this lease downloaded it (its
     * phases have a download time), so that lab PCs do not fill up with what campaigns fetched. A removal that
     * fails is an event of the phases, never a failure of the measurement.
     */
    ModelPhases cleanUp(Lease lease, ModelPhases phases, PlanListener listener) {
        if (!lease.removeDownloadAfter() || phases.downloadMs() == null) {
            return phases;
        }
        String event;
        try {
            engine.remove(lease.variant());
            event = "removed " + lease.variant().id() + " from the engine's cache (downloaded by this lease)";
        } catch (EngineException e) {
            event = "could not remove " + lease.variant().id() + " after the lease: " + e.code() + ": " + e.getMessage();
        }
        listener.onPhase(lease.variant().id(), "remove", event);
        List<String> events = new ArrayList<>(phases.events());
        events.addAll(engine.drainEvents());
        events.add(event);
        return new ModelPhases(phases.model(), phases.downloadMs(), phases.downloadBytes(), phases.loadMs(),
                phases.coldTtftMs(), phases.coldE2eMs(), phases.peakRssBytes(), phases.avgCpuPercent(),
                phases.agentCpuPercent(), phases.failureCode(), phases.failureMessage(), events);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
