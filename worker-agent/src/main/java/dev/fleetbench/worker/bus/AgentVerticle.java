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
import dev.fleetbench.worker.agent.AgentCommand;
import dev.fleetbench.worker.agent.AgentEvent;
import dev.fleetbench.worker.agent.AgentLoop;
import dev.fleetbench.worker.app.LeaseRunner;
import dev.fleetbench.worker.app.MachineState;
import dev.fleetbench.worker.measure.PlanListener;
import dev.fleetbench.worker.outbox.DiskRoom;
import dev.fleetbench.worker.outbox.Outbox;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.ReplyException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker agent on the event bus: a thin translator between the bus, timers and the measuring thread on one side
 * and the {@link AgentLoop}, which makes every decision, on the other. It registers, then feeds the loop the answers
 * of the coordinator, its timers (a heartbeat every second, which renews the lease and brings cancellations; a flush
 * of the outbox) and the end of each lease, and carries out the loop's commands. The lease itself lives in
 * {@link AgentState}, so a new incarnation of this verticle (after {@link AgentNode} rejoined the cluster) carries on
 * where the last one was. Fields are confined to this verticle's context.
 */
public final class AgentVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger("fleetbench.worker");
    /** How often a paused agent looks at its disk again. */
    private static final Duration PAUSE_RECHECK = Duration.ofSeconds(2);

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
    /** Makes every decision; created at start from what {@link AgentState} carries. */
    private AgentLoop loop;

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
        Outbox box = outbox;
        loop = new AgentLoop(new AgentLoop.Timing(settings.flushInterval(), settings.maxBackoff(),
                settings.reconnectAfter(), PAUSE_RECHECK), System::nanoTime, new AgentLoop.Backlog() {
                    @Override
                    public int size() {
                        return box.size();
                    }

                    @Override
                    public int pendingFor(String leaseId) {
                        return box.pendingFor(leaseId);
                    }
                }, state.current(), state.unreported(), state.cancel.get());
        state.attach(() -> context.runOnContext(v -> woken()),
                p -> context.runOnContext(v -> Bus.send(vertx.eventBus(), Addresses.PROGRESS, new LeaseProgress(p.v(),
                        p.workerId(), p.leaseId(), p.phase(), clip(p.detail()), p.percent(), state.session))));
        return register().map(reply -> {
            fire(new AgentEvent.Started());
            vertx.setPeriodic(settings.heartbeat().toMillis(), id -> fire(new AgentEvent.HeartbeatDue()));
            vertx.setPeriodic(settings.flushInterval().toMillis(), id -> fire(new AgentEvent.FlushDue()));
            woken(); // a lease that ended, or a change queued, before this incarnation started
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
        if (loop != null) {
            loop.on(new AgentEvent.Stop());
        }
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
            LeaseFinished report = AgentLoop.leavingReport(workerId, lease, endedBefore, cancelledBefore,
                    state.unreported());
            return Bus.request(vertx.eventBus(), Addresses.LEASE_FINISHED, withSession(report), LeaseFinishedAck.class,
                    settings.busTimeout().toMillis()).onSuccess(ack -> state.reported());
        }).onComplete(ar -> LOG.info(LogLine.event("worker.left", "worker", workerId, "lease",
                lease == null ? null : lease.leaseId(), "reported", state.current() == null, "outbox", outbox.size(),
                "problem", ar.failed() ? ar.cause().toString() : null))).recover(e -> Future.succeededFuture());
    }

    /** Sends the outbox batch after batch until it is empty or the deadline passed (for a graceful leave). */
    private Future<Void> deliver(long deadline) {
        if (outbox.size() == 0 || System.nanoTime() > deadline) {
            return Future.succeededFuture();
        }
        if (loop != null && loop.batchInFlight()) {
            return vertx.timer(50).compose(v -> deliver(deadline));
        }
        return sendBatch().compose(ack -> deliver(deadline));
    }

    /**
     * Registers; a refusal (another protocol version) fails with the coordinator's reason. The reply's session token
     * goes into every later message.
     */
    private Future<RegisterReply> register() {
        return vertx.executeBlocking(registration::get)
                .map(req -> req.instance() == null ? req.withInstance(state.instance) : req)
                .compose(req -> Bus.request(vertx.eventBus(), Addresses.REGISTER, req, RegisterReply.class,
                        settings.busTimeout().toMillis()))
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

    /** Something changed on another thread: a lease ended, or a change of the registration was queued. */
    private void woken() {
        LeaseFinished ended = state.unreported();
        if (ended != null) {
            fire(new AgentEvent.LeaseEnded(ended));
        }
        if (state.hasRegistrationChange()) {
            fire(new AgentEvent.RegistrationChanged());
        }
    }

    /** Tells the loop what happened and carries out what it decides. */
    private void fire(AgentEvent event) {
        for (AgentCommand c : loop.on(event)) {
            execute(c);
        }
    }

    private void execute(AgentCommand command) {
        long timeout = settings.busTimeout().toMillis();
        if (command instanceof AgentCommand.Register r) {
            registerAgain(r.why());
        } else if (command instanceof AgentCommand.CheckDisk) {
            // The free space is read off the event loop (a file-system call).
            vertx.executeBlocking(room::shortage, false).onComplete(checked -> fire(new AgentEvent.DiskChecked(
                    checked.succeeded() ? checked.result() : "cannot tell the free space: " + checked.cause())));
        } else if (command instanceof AgentCommand.AskForLease) {
            Bus.request(vertx.eventBus(), Addresses.LEASE, new LeaseRequest(Protocol.VERSION, workerId, state.session),
                    LeaseReply.class, timeout).onComplete(ar -> fire(ar.succeeded()
                            ? new AgentEvent.LeaseAnswered(ar.result()) : new AgentEvent.LeaseFailed()));
        } else if (command instanceof AgentCommand.StartLease s) {
            run(s.lease());
        } else if (command instanceof AgentCommand.CancelLease c) {
            LOG.info(LogLine.event("lease.cancel_requested", "worker", workerId, "lease", c.lease().leaseId(),
                    "campaign", c.lease().campaignId()));
            state.cancel.set(true);
        } else if (command instanceof AgentCommand.SendHeartbeat h) {
            Heartbeat beat = new Heartbeat(Protocol.VERSION, workerId, h.state(), h.leaseId(), machine.userIdle(),
                    machine.power(), outbox.size(), state.session, pauseReason(h.paused()));
            Bus.request(vertx.eventBus(), Addresses.HEARTBEAT, beat, HeartbeatReply.class, timeout).onComplete(ar ->
                    fire(ar.succeeded() ? new AgentEvent.HeartbeatAnswered(ar.result()) : new AgentEvent.HeartbeatFailed()));
        } else if (command instanceof AgentCommand.SendBatch) {
            sendBatch().onComplete(ar -> {
                if (ar.failed()) {
                    LOG.warn(LogLine.event("batch.unacked", "worker", workerId, "error", ar.cause().getMessage(),
                            "action", "retrying"));
                }
                fire(ar.succeeded() ? new AgentEvent.BatchAcked() : new AgentEvent.BatchFailed(unauthorized(ar.cause())));
            });
        } else if (command instanceof AgentCommand.ReportEnd r) {
            Bus.request(vertx.eventBus(), Addresses.LEASE_FINISHED, withSession(r.report()), LeaseFinishedAck.class,
                    timeout).onComplete(ar -> {
                        if (ar.succeeded()) {
                            state.reported();
                        }
                        fire(ar.succeeded() ? new AgentEvent.ReportAcked()
                                : new AgentEvent.ReportFailed(unauthorized(ar.cause())));
                    });
        } else if (command instanceof AgentCommand.After a) {
            vertx.setTimer(Math.max(1, a.delayMs()), id -> fire(a.event()));
        } else if (command instanceof AgentCommand.LostContact l) {
            LOG.warn(LogLine.event("worker.contact_lost", "worker", workerId, "silent_s", l.silentSeconds()));
            lostContact.run();
        } else if (command instanceof AgentCommand.Refused r) {
            LOG.error(LogLine.event("worker.refused", "worker", workerId, "reason", r.reason()));
            System.err.println("fleetbench worker: " + r.reason());
        } else if (command instanceof AgentCommand.PauseChanged p) {
            if (p.reason() != null) {
                LOG.warn(LogLine.event("worker.paused", "worker", workerId, "reason", p.reason()));
            } else {
                LOG.info(LogLine.event("worker.resumed", "worker", workerId, "reason", "disk space is back"));
            }
        } else if (command instanceof AgentCommand.DuplicateIdentity d) {
            LOG.warn(LogLine.event("worker.duplicate", "worker", workerId, "reason", d.reason()));
        }
    }

    /** Registers again, applying a queued change first when that is why; the loop hears how it went. */
    private void registerAgain(AgentCommand.Why why) {
        if (why == AgentCommand.Why.CHANGED) {
            Runnable change = state.takeRegistrationChange();
            if (change != null) {
                change.run();
            }
        } else {
            LOG.info(LogLine.event("worker.unknown", "worker", workerId, "action", "registering again"));
        }
        register().onComplete(ar -> {
            if (ar.succeeded()) {
                fire(new AgentEvent.Registered());
                return;
            }
            boolean refused = ar.cause() instanceof RefusedException;
            if (!refused) {
                LOG.warn(LogLine.event("worker.register_failed", "worker", workerId, "error", ar.cause().getMessage(),
                        "action", "retrying"));
            }
            fire(new AgentEvent.RegisterFailed(refused, ar.cause().getMessage()));
        });
    }

    /**
     * Why no work is done now, for the heartbeat: the loop's reason (the disk nearly full), else a full outbox (it holds
     * its limit of samples and measuring waits for room), else null.
     */
    private String pauseReason(String loopReason) {
        String why = loopReason != null ? loopReason : outbox.fullReport();
        return why == null || why.length() <= Heartbeat.MAX_PAUSED ? why : why.substring(0, Heartbeat.MAX_PAUSED);
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

    /** Sends the oldest samples of the outbox as one batch; they leave the outbox once acknowledged. */
    private Future<BatchAck> sendBatch() {
        List<Sample> batch = outbox.peek(settings.batchSize());
        SampleBatch message = new SampleBatch(Protocol.VERSION, workerId, UUID.randomUUID().toString(), batch,
                state.session);
        return Bus.request(vertx.eventBus(), Addresses.SAMPLES, message, BatchAck.class,
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
     * A message refused for want of a session (the coordinator restarted, or replaced this session): the worker
     * registers again; the message stays where it was (outbox, unreported end) and goes again with the new session.
     */
    private static boolean unauthorized(Throwable cause) {
        return cause instanceof ReplyException r && r.failureCode() == Bus.UNAUTHORIZED;
    }

    /** The coordinator answered the registration with a refusal: rejoining will not help. */
    static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }
}
