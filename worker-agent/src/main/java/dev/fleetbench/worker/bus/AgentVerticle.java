package dev.fleetbench.worker.bus;

import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.log.LogLine;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeaseFinishedAck;
import dev.fleetbench.common.protocol.LeaseProgress;
import dev.fleetbench.common.protocol.LeaseReply;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.common.protocol.WorkerState;
import dev.fleetbench.worker.app.LeaseRunner;
import dev.fleetbench.worker.app.MachineState;
import dev.fleetbench.worker.measure.PlanListener;
import dev.fleetbench.worker.outbox.DiskRoom;
import dev.fleetbench.worker.outbox.Outbox;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker agent on the event bus: registers, sends a heartbeat every second (which renews its lease and brings
 * cancellations), asks for work when idle and its outbox is empty, runs each lease on the measuring thread, sends
 * the outbox in batches until acknowledged, and reports the end of a lease only once all its samples are stored.
 * The lease itself lives in {@link AgentState}, so a new incarnation of this verticle (after {@link AgentNode}
 * rejoined the cluster) carries on where the last one was. Fields are confined to this verticle's context.
 */
public final class AgentVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger("fleetbench.worker");
    /** How often a paused agent looks at its disk again. */
    private static final long PAUSE_RECHECK_MS = 2_000;

    private final String workerId;
    private final Supplier<RegisterRequest> registration;
    private final Outbox outbox;
    private final LeaseRunner runner;
    private final MachineState machine;
    private final AgentSettings settings;
    private final AgentState state;
    private final Runnable lostContact;
    /** Standalone agents own their state and leave gracefully when undeployed; those of an AgentNode carry on. */
    private final boolean leavesOnStop;
    /** Whether the outbox's disk has room for another lease's results. */
    private final DiskRoom room;
    /** Why the agent takes no work now (its disk is nearly full), sent in every heartbeat; else null. */
    private String paused;

    private boolean flushing;
    private boolean asking;
    private boolean beating;
    private boolean reporting;
    private boolean registering;
    /** The duplicate-identity warning last logged, so that it is logged when it starts, not every second. */
    private String duplicateWarned;
    private long backoffMs;
    private long lastContact;
    private boolean stopped;

    AgentVerticle(String workerId, Supplier<RegisterRequest> registration, Outbox outbox, LeaseRunner runner,
                  MachineState machine, AgentSettings settings, AgentState state, Runnable lostContact) {
        this(workerId, registration, outbox, runner, machine, settings, state, lostContact, false,
                DiskRoom.of(outbox.dir()));
    }

    private AgentVerticle(String workerId, Supplier<RegisterRequest> registration, Outbox outbox, LeaseRunner runner,
                          MachineState machine, AgentSettings settings, AgentState state, Runnable lostContact,
                          boolean leavesOnStop, DiskRoom room) {
        this.room = room;
        this.workerId = workerId;
        this.registration = registration;
        this.outbox = outbox;
        this.runner = runner;
        this.machine = machine;
        this.settings = settings;
        this.state = state;
        this.lostContact = lostContact;
        this.leavesOnStop = leavesOnStop;
    }

    /**
     * An agent with its own state that the caller deploys on a clustered Vert.x it owns, so that many agents (each
     * with its own identity, outbox and lease runner) can share one cluster member. Made for load tests of the
     * coordinator, which run a thousand virtual workers in a few JVMs; a real worker runs one agent through
     * {@link AgentNode}, which also rejoins the cluster when the coordinator goes silent.
     *
     * <p>Undeploying it is a graceful leave ({@link #stop()}); deploying a new one with the same outbox later is the
     * same worker coming back.
     *
     * @param lostContact called (once) when the coordinator has been silent for {@link AgentSettings#reconnectAfter()};
     *                    the agent stops asking for work then
     */
    public static AgentVerticle standalone(String workerId, Supplier<RegisterRequest> registration, Outbox outbox,
                                           LeaseRunner runner, MachineState machine, AgentSettings settings,
                                           Runnable lostContact) {
        return standalone(workerId, registration, outbox, runner, machine, settings, lostContact,
                DiskRoom.of(outbox.dir()));
    }

    /** As {@link #standalone(String, Supplier, Outbox, LeaseRunner, MachineState, AgentSettings, Runnable)}, with the
     * check of the disk's free space given (tests). */
    public static AgentVerticle standalone(String workerId, Supplier<RegisterRequest> registration, Outbox outbox,
                                           LeaseRunner runner, MachineState machine, AgentSettings settings,
                                           Runnable lostContact, DiskRoom room) {
        return new AgentVerticle(workerId, registration, outbox, runner, machine, settings, new AgentState(),
                lostContact, true, room);
    }

    @Override
    public Future<?> start() {
        Context context = vertx.getOrCreateContext();
        state.attach(() -> context.runOnContext(v -> pump()),
                p -> context.runOnContext(v -> Bus.send(vertx.eventBus(), Addresses.PROGRESS, new LeaseProgress(p.v(),
                        p.workerId(), p.leaseId(), p.phase(), clip(p.detail()), p.percent(), state.session))));
        return register().map(reply -> {
            lastContact = System.nanoTime();
            vertx.setPeriodic(settings.heartbeat().toMillis(), id -> heartbeat());
            vertx.setPeriodic(settings.flushInterval().toMillis(), id -> flush());
            pump();
            return reply;
        });
    }

    /**
     * Stops asking for work. A standalone agent also leaves gracefully, within about two bus timeouts: it stops its
     * measuring at the next request, sends what its outbox holds, and reports the lease as returned (ended early,
     * neither failed nor cancelled), so the coordinator queues the rest of it again at once instead of waiting for the
     * lease to expire. What is not acknowledged by then stays in the outbox for the next start.
     */
    @Override
    public Future<?> stop() {
        stopped = true;
        if (!leavesOnStop) {
            return Future.succeededFuture();
        }
        long deadline = System.nanoTime() + 2 * settings.busTimeout().toNanos();
        Lease lease = state.current();
        LeaseFinished endedBefore = state.unreported();
        boolean cancelledBefore = state.cancel.get();
        state.cancel.set(true);
        CompletableFuture<ModelPhases> measuring = state.running();
        Future<Void> ended = measuring == null ? Future.succeededFuture()
                : Future.fromCompletionStage(measuring.handle((p, e) -> (Void) null), vertx.getOrCreateContext())
                        .timeout(settings.busTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return ended.compose(v -> deliver(deadline)).compose(v -> {
            if (lease == null || outbox.pendingFor(lease.leaseId()) > 0) {
                return Future.succeededFuture();
            }
            LeaseFinished report = endedBefore != null ? endedBefore : cancelledBefore ? state.unreported()
                    : new LeaseFinished(Protocol.VERSION, workerId, lease.leaseId(), null, false, null);
            return Bus.request(vertx.eventBus(), Addresses.LEASE_FINISHED, withSession(report), LeaseFinishedAck.class,
                    LeaseFinishedAck.TYPE, settings.busTimeout().toMillis()).onSuccess(ack -> state.reported());
        }).onComplete(ar -> LOG.info(LogLine.event("worker.left", "worker", workerId, "lease",
                lease == null ? null : lease.leaseId(), "reported", state.current() == null, "outbox", outbox.size(),
                "problem", ar.failed() ? ar.cause().toString() : null))).recover(e -> Future.succeededFuture());
    }

    /** Sends the outbox batch after batch until it is empty or the deadline passed (for a graceful leave). */
    private Future<Void> deliver(long deadline) {
        if (outbox.size() == 0 || System.nanoTime() > deadline) {
            return Future.succeededFuture();
        }
        if (flushing) {
            return vertx.timer(50).compose(v -> deliver(deadline));
        }
        flushing = true;
        return sendBatch().eventually(() -> {
            flushing = false;
            return Future.succeededFuture();
        }).compose(ack -> deliver(deadline));
    }

    /**
     * Registers; a refusal (another protocol version) fails the start with the coordinator's reason. The reply's
     * session token goes into every later message.
     */
    private Future<RegisterReply> register() {
        return vertx.executeBlocking(registration::get)
                .map(req -> req.instance() == null ? req.withInstance(state.instance) : req)
                .compose(req -> Bus.request(vertx.eventBus(), Addresses.REGISTER, req, RegisterReply.class,
                        RegisterReply.TYPE, settings.busTimeout().toMillis()))
                .compose(reply -> reply.accepted() ? Future.succeededFuture(reply)
                        : Future.failedFuture(new RefusedException("the coordinator refused this worker: " + reply.message())))
                .onSuccess(r -> state.session = r.session())
                .onSuccess(r -> LOG.info(LogLine.event("worker.registered", "worker", workerId, "reply", r.message())));
    }

    /**
     * Changes what this worker registers with (its hardware profile, when a later probe found more) once it is idle,
     * then registers again, so that the coordinator places its next lease by the new profile and no lease has samples
     * of both. Thread-safe.
     */
    public void changeRegistrationWhenIdle(Runnable change) {
        state.changeRegistration(change);
        state.wake();
    }

    /**
     * The one place that decides what to do next: report a finished lease, or, when idle, register again after a
     * change or ask for work.
     */
    private void pump() {
        if (stopped) {
            return;
        }
        if (state.unreported() != null) {
            reportWhenDelivered();
        } else if (state.current() == null) {
            // a lease request or a registration in flight ends in a pump of its own, which applies the change then
            Runnable change = asking || registering ? null : state.takeRegistrationChange();
            if (change != null) {
                registerAfter(change);
            } else {
                askForWork();
            }
        }
    }

    private void registerAfter(Runnable change) {
        registering = true;
        change.run();
        register().onComplete(ar -> {
            registering = false;
            if (ar.failed()) {
                LOG.warn(LogLine.event("worker.register_failed", "worker", workerId, "error", ar.cause().getMessage(),
                        "action", "retrying"));
                state.changeRegistration(() -> { }); // registers again with what is already changed
                vertx.setTimer(nextBackoff(), id -> pump());
            } else {
                pump();
            }
        });
    }

    private void heartbeat() {
        if (beating || stopped) {
            return; // one heartbeat in flight is enough while the coordinator is slow or away
        }
        if (System.nanoTime() - lastContact > settings.reconnectAfter().toNanos()) {
            stopped = true;
            LOG.warn(LogLine.event("worker.contact_lost", "worker", workerId, "silent_s",
                    settings.reconnectAfter().toSeconds()));
            lostContact.run();
            return;
        }
        beating = true;
        Lease lease = state.current();
        Heartbeat beat = new Heartbeat(Protocol.VERSION, workerId, lease == null ? WorkerState.IDLE : WorkerState.BUSY,
                lease == null ? null : lease.leaseId(), machine.userIdle(), machine.power(), outbox.size(), state.session,
                pauseReason());
        Bus.request(vertx.eventBus(), Addresses.HEARTBEAT, beat, HeartbeatReply.class, HeartbeatReply.TYPE,
                settings.busTimeout().toMillis()).onComplete(ar -> beating = false).onSuccess(reply -> {
                    lastContact = System.nanoTime();
                    if (!reply.known()) {
                        LOG.info(LogLine.event("worker.unknown", "worker", workerId, "action", "registering again"));
                        register().onFailure(this::stopIfRefused);
                    }
                    if (reply.duplicate() != null && !reply.duplicate().equals(duplicateWarned)) {
                        LOG.warn(LogLine.event("worker.duplicate", "worker", workerId, "reason", reply.duplicate()));
                    }
                    duplicateWarned = reply.duplicate();
                    Lease now = state.current();
                    if (now != null && reply.cancelLeaseIds().contains(now.leaseId()) && !state.cancel.get()) {
                        LOG.info(LogLine.event("lease.cancel_requested", "worker", workerId, "lease", now.leaseId(),
                                "campaign", now.campaignId()));
                        state.cancel.set(true);
                    }
                });
    }

    private void askForWork() {
        if (stopped || asking || state.current() != null) {
            return;
        }
        if (outbox.size() > 0) {
            // Deliver what a previous run measured first, so a re-leased cell knows what is already stored.
            vertx.setTimer(settings.flushInterval().toMillis(), id -> pump());
            return;
        }
        asking = true;
        // The free space is read off the event loop (a file-system call); a nearly full disk pauses the agent.
        vertx.executeBlocking(room::shortage, false).onComplete(checked -> {
            String shortage = checked.succeeded() ? checked.result() : "cannot tell the free space: " + checked.cause();
            notePause(shortage);
            if (shortage != null || stopped) {
                asking = false;
                vertx.setTimer(PAUSE_RECHECK_MS, id -> pump());
                return;
            }
            Bus.request(vertx.eventBus(), Addresses.LEASE, new LeaseRequest(Protocol.VERSION, workerId, state.session),
                    LeaseReply.class, LeaseReply.TYPE, settings.busTimeout().toMillis()).onComplete(ar -> {
                        asking = false;
                        if (ar.succeeded() && ar.result().lease() != null) {
                            backoffMs = 0;
                            run(ar.result().lease());
                        } else {
                            long wait = ar.succeeded() ? Math.max(100, ar.result().retryAfterMs()) : nextBackoff();
                            vertx.setTimer(wait, id -> pump());
                        }
                    });
        });
    }

    /** Why no work is done now: the disk nearly full, else a full outbox (it holds its limit of samples), else null. */
    private String pauseReason() {
        String why = paused != null ? paused : outbox.fullReport();
        return why == null || why.length() <= Heartbeat.MAX_PAUSED ? why : why.substring(0, Heartbeat.MAX_PAUSED);
    }

    /** Logs when a pause begins and ends (not every check), and keeps the reason for the heartbeats. */
    private void notePause(String shortage) {
        if (shortage != null && paused == null) {
            LOG.warn(LogLine.event("worker.paused", "worker", workerId, "reason", shortage));
        } else if (shortage == null && paused != null) {
            LOG.info(LogLine.event("worker.resumed", "worker", workerId, "reason", "disk space is back"));
        }
        paused = shortage == null ? null : shortage.length() <= Heartbeat.MAX_PAUSED ? shortage
                : shortage.substring(0, Heartbeat.MAX_PAUSED);
    }

    private void run(Lease lease) {
        LOG.info(LogLine.event("lease.started", "worker", workerId, "lease", lease.leaseId(), "campaign",
                lease.campaignId(), "model", lease.variant().id(), "attempt", lease.attempt(), "cells",
                lease.prompts().size()));
        PlanListener progress = new PlanListener() {
            @Override
            public void onPhase(String model, String phase, String detail) {
                state.progress(new LeaseProgress(Protocol.VERSION, workerId, lease.leaseId(), phase, detail, -1, null));
            }

            @Override
            public void onDownloadProgress(String model, double percent, String detail) {
                state.progress(new LeaseProgress(Protocol.VERSION, workerId, lease.leaseId(), "download", detail, percent,
                        null));
            }
        };
        CompletableFuture<ModelPhases> future = runner.run(lease, this::keep, progress, state.cancel::get);
        state.started(lease, future);
        future.whenComplete((phases, error) -> {
            if (error != null) {
                LOG.error(LogLine.event("lease.error", "worker", workerId, "lease", lease.leaseId(), "campaign",
                        lease.campaignId(), "error", error.toString()));
            }
            state.ended(new LeaseFinished(Protocol.VERSION, workerId, lease.leaseId(), phases, state.cancel.get(), null));
            state.wake();
        });
    }

    /**
     * Called on the measuring thread for every sample: durable before anything else happens. A full outbox makes the
     * measuring wait here (the lease is kept alive by the heartbeats, which say why) until samples are acknowledged.
     */
    private void keep(Sample s) {
        try {
            boolean[] waited = {false};
            outbox.appendWhenRoom(s, full -> {
                waited[0] = true;
                LOG.warn(LogLine.event("outbox.full", "worker", workerId, "lease", s.leaseId(), "reason", full));
            }, state.cancel::get);
            if (waited[0]) {
                LOG.info(LogLine.event("outbox.room", "worker", workerId, "lease", s.leaseId(), "detail",
                        "the coordinator took samples; measuring goes on"));
            }
        } catch (IOException e) {
            LOG.error(LogLine.event("outbox.failed", "worker", workerId, "lease", s.leaseId(), "sample", s.id(),
                    "error", e.getMessage(), "action", "stopping the lease"));
            state.cancel.set(true);
        }
    }

    /** Waits until every sample of the lease is acknowledged, then reports the end; retries until it is recorded. */
    private void reportWhenDelivered() {
        LeaseFinished done = state.unreported();
        if (stopped || reporting || done == null) {
            return;
        }
        if (outbox.pendingFor(done.leaseId()) > 0) {
            vertx.setTimer(settings.flushInterval().toMillis(), id -> pump());
            return;
        }
        reporting = true;
        Bus.request(vertx.eventBus(), Addresses.LEASE_FINISHED, withSession(done), LeaseFinishedAck.class,
                LeaseFinishedAck.TYPE, settings.busTimeout().toMillis()).onComplete(ar -> {
                    reporting = false;
                    if (ar.succeeded()) {
                        backoffMs = 0;
                        state.reported();
                        pump();
                    } else {
                        registerIfUnknown(ar.cause());
                        vertx.setTimer(nextBackoff(), id -> pump());
                    }
                });
    }

    private void flush() {
        if (flushing || stopped || outbox.size() == 0) {
            return;
        }
        flushing = true;
        sendBatch().onComplete(ar -> {
            if (ar.succeeded()) {
                backoffMs = 0;
                flushing = false;
                flush();
            } else {
                LOG.warn(LogLine.event("batch.unacked", "worker", workerId, "error", ar.cause().getMessage(),
                        "action", "retrying"));
                registerIfUnknown(ar.cause());
                vertx.setTimer(nextBackoff(), id -> flushing = false);
            }
        });
    }

    /** Sends the oldest samples of the outbox as one batch; they leave the outbox once acknowledged. */
    private Future<BatchAck> sendBatch() {
        List<Sample> batch = outbox.peek(settings.batchSize());
        SampleBatch message = new SampleBatch(Protocol.VERSION, workerId, UUID.randomUUID().toString(), batch,
                state.session);
        return Bus.request(vertx.eventBus(), Addresses.SAMPLES, message, BatchAck.class, BatchAck.TYPE,
                settings.busTimeout().toMillis())
                .compose(ack -> vertx.executeBlocking(() -> {
                    outbox.remove(batch.stream().map(Sample::id).toList());
                    return ack;
                }));
    }

    /** The report with the current session (a lease may end under one session and be reported under the next). */
    private LeaseFinished withSession(LeaseFinished f) {
        return new LeaseFinished(f.v(), f.workerId(), f.leaseId(), f.phases(), f.cancelled(), state.session);
    }

    /** Progress details are for people; the coordinator refuses longer ones. */
    private static String clip(String detail) {
        return detail == null || detail.length() <= LeaseProgress.MAX_DETAIL_CHARS ? detail
                : detail.substring(0, LeaseProgress.MAX_DETAIL_CHARS - 1) + "…";
    }

    /**
     * A message refused for want of a session (the coordinator restarted, or replaced this session): register again;
     * the message stays where it was (outbox, unreported end) and goes again with the new session.
     */
    private void registerIfUnknown(Throwable cause) {
        if (cause instanceof io.vertx.core.eventbus.ReplyException r && r.failureCode() == Bus.UNAUTHORIZED && !stopped
                && !registering) {
            registering = true;
            LOG.info(LogLine.event("worker.unknown", "worker", workerId, "action", "registering again"));
            register().onComplete(ar -> {
                registering = false;
                pump();
            }).onFailure(this::stopIfRefused);
        }
    }

    /**
     * A registration refused while running (an admin rejected this machine): asking again will not help, so the
     * agent stops asking and says why, with the coordinator's reason.
     */
    private void stopIfRefused(Throwable e) {
        if (e instanceof RefusedException) {
            stopped = true;
            LOG.error(LogLine.event("worker.refused", "worker", workerId, "reason", e.getMessage()));
            System.err.println("fleetbench worker: " + e.getMessage());
        }
    }

    private long nextBackoff() {
        backoffMs = Math.min(settings.maxBackoff().toMillis(), backoffMs == 0 ? 250 : backoffMs * 2);
        return backoffMs;
    }

    /** The coordinator answered the registration with a refusal: rejoining will not help. */
    static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }
}
