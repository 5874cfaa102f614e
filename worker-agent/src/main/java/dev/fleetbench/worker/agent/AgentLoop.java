package dev.fleetbench.worker.agent;

import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeaseReply;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.WorkerState;
import dev.fleetbench.worker.agent.AgentCommand.After;
import dev.fleetbench.worker.agent.AgentCommand.AskForLease;
import dev.fleetbench.worker.agent.AgentCommand.CancelLease;
import dev.fleetbench.worker.agent.AgentCommand.CheckDisk;
import dev.fleetbench.worker.agent.AgentCommand.DuplicateIdentity;
import dev.fleetbench.worker.agent.AgentCommand.LostContact;
import dev.fleetbench.worker.agent.AgentCommand.PauseChanged;
import dev.fleetbench.worker.agent.AgentCommand.Refused;
import dev.fleetbench.worker.agent.AgentCommand.Register;
import dev.fleetbench.worker.agent.AgentCommand.ReportEnd;
import dev.fleetbench.worker.agent.AgentCommand.SendBatch;
import dev.fleetbench.worker.agent.AgentCommand.SendHeartbeat;
import dev.fleetbench.worker.agent.AgentCommand.StartLease;
import dev.fleetbench.worker.agent.AgentCommand.Why;
import dev.fleetbench.worker.agent.AgentEvent.BatchAcked;
import dev.fleetbench.worker.agent.AgentEvent.BatchFailed;
import dev.fleetbench.worker.agent.AgentEvent.DiskChecked;
import dev.fleetbench.worker.agent.AgentEvent.FlushDue;
import dev.fleetbench.worker.agent.AgentEvent.FlushResume;
import dev.fleetbench.worker.agent.AgentEvent.HeartbeatAnswered;
import dev.fleetbench.worker.agent.AgentEvent.HeartbeatDue;
import dev.fleetbench.worker.agent.AgentEvent.HeartbeatFailed;
import dev.fleetbench.worker.agent.AgentEvent.LeaseAnswered;
import dev.fleetbench.worker.agent.AgentEvent.LeaseEnded;
import dev.fleetbench.worker.agent.AgentEvent.LeaseFailed;
import dev.fleetbench.worker.agent.AgentEvent.RegisterFailed;
import dev.fleetbench.worker.agent.AgentEvent.Registered;
import dev.fleetbench.worker.agent.AgentEvent.RegistrationChanged;
import dev.fleetbench.worker.agent.AgentEvent.ReportAcked;
import dev.fleetbench.worker.agent.AgentEvent.ReportFailed;
import dev.fleetbench.worker.agent.AgentEvent.Started;
import dev.fleetbench.worker.agent.AgentEvent.Stop;
import dev.fleetbench.worker.agent.AgentEvent.Wake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The worker agent's decisions, without the event bus: events in ({@link AgentEvent}), commands out
 * ({@link AgentCommand}). Its work goes idle → asking (the disk checked, then a lease asked for) → running → reporting
 * (once the lease's samples are stored) → idle, or paused while the disk is nearly full, or re-registering after a
 * change of what it registers with; beside that it beats (one heartbeat in flight at most), sends its outbox (one
 * batch in flight at most) and registers again when the coordinator does not know it (one registration at a time).
 * Time comes from the clock it is given. Not thread-safe: its verticle calls it on one context.
 */
public final class AgentLoop {

    /** What the work of the agent is doing. */
    public enum Phase {
        /** before the first registration was accepted */
        STARTING,
        /** deciding what to do next, or waiting to (for the outbox to empty, for a retry) */
        IDLE,
        /** checking the disk, then asking for a lease */
        ASKING,
        /** the disk is nearly full: no work until it has room again */
        PAUSED,
        /** a lease is measured on the measuring thread */
        RUNNING,
        /** the lease ended: its samples are delivered, then its end is reported */
        REPORTING,
        /** registering again with what changed, before asking for work */
        REREGISTERING,
        /** leaving for good (undeployed): decides nothing more */
        LEAVING,
        /** lost the coordinator or refused by it: decides nothing more */
        STOPPED
    }

    /** The outbox as the loop reads it. */
    public interface Backlog {
        /** Samples waiting for an acknowledgement. */
        int size();

        /** Samples of one lease waiting for an acknowledgement. */
        int pendingFor(String leaseId);
    }

    /**
     * @param flushInterval  how long to wait for the outbox to be delivered before looking again
     * @param maxBackoff     longest wait between retries
     * @param reconnectAfter silence of the coordinator after which the agent leaves and joins the cluster again
     * @param pauseRecheck   how often a paused agent looks at its disk again
     */
    public record Timing(Duration flushInterval, Duration maxBackoff, Duration reconnectAfter, Duration pauseRecheck) {
    }

    /** Shortest wait before asking again when the coordinator had no work. */
    static final long MIN_RETRY_MS = 100;
    /** First wait after a failure; it doubles up to {@link Timing#maxBackoff()}. */
    static final long FIRST_BACKOFF_MS = 250;

    private final Timing timing;
    private final LongSupplier nanos;
    private final Backlog backlog;

    private Phase phase = Phase.STARTING;
    /** The lease being measured or reported; null when idle. */
    private Lease lease;
    /** The end of {@link #lease}, until the coordinator recorded it. */
    private LeaseFinished unreported;
    private boolean cancelRequested;
    private boolean changePending;
    private boolean reporting;
    private boolean registering;
    private boolean beating;
    private boolean flushing;
    /** Why the agent takes no work now, sent in every heartbeat; else null. */
    private String paused;
    private String duplicateWarned;
    private long backoffMs;
    private long lastContact;
    private long wakeToken;

    /**
     * @param lease      the lease this worker measures or has not reported yet (carried across a rejoin), or null
     * @param unreported the end of that lease when it already ended, or null
     * @param cancelled  whether that lease was already told to stop
     */
    public AgentLoop(Timing timing, LongSupplier nanos, Backlog backlog, Lease lease, LeaseFinished unreported,
                     boolean cancelled) {
        if (unreported != null && (lease == null || !lease.leaseId().equals(unreported.leaseId()))) {
            throw new IllegalArgumentException("the end of lease " + unreported.leaseId() + " without that lease ("
                    + (lease == null ? "none" : lease.leaseId()) + ")");
        }
        this.timing = timing;
        this.nanos = nanos;
        this.backlog = backlog;
        this.lease = lease;
        this.unreported = unreported;
        this.cancelRequested = cancelled;
    }

    public Phase phase() {
        return phase;
    }

    /** Whether a batch of the outbox is on its way (a graceful leave waits for it). */
    public boolean batchInFlight() {
        return flushing;
    }

    /** The one entry: what to do after {@code event}. */
    public List<AgentCommand> on(AgentEvent event) {
        List<AgentCommand> out = new ArrayList<>();
        if (phase == Phase.LEAVING || phase == Phase.STOPPED) {
            if (event instanceof BatchAcked || event instanceof BatchFailed) {
                flushing = false; // a leaving agent delivers the rest itself, once this batch is answered
            }
            return out;
        }
        if (event instanceof Started) {
            lastContact = nanos.getAsLong();
            phase = unreported != null ? Phase.REPORTING : lease != null ? Phase.RUNNING : Phase.IDLE;
            next(out);
        } else if (event instanceof Registered) {
            registering = false;
            if (phase == Phase.REREGISTERING) {
                phase = Phase.IDLE;
            }
            next(out);
        } else if (event instanceof RegisterFailed f) {
            registerFailed(f, out);
        } else if (event instanceof Wake w) {
            if (w.token() == wakeToken) {
                if (phase == Phase.PAUSED) {
                    phase = Phase.IDLE;
                }
                next(out);
            }
        } else if (event instanceof HeartbeatDue) {
            heartbeatDue(out);
        } else if (event instanceof HeartbeatAnswered a) {
            heartbeatAnswered(a.reply(), out);
        } else if (event instanceof HeartbeatFailed) {
            beating = false;
        } else if (event instanceof DiskChecked c) {
            diskChecked(c.shortage(), out);
        } else if (event instanceof LeaseAnswered a) {
            leaseAnswered(a.reply(), out);
        } else if (event instanceof LeaseFailed) {
            if (phase == Phase.ASKING) {
                phase = Phase.IDLE;
                out.add(waitThen(nextBackoff()));
            }
        } else if (event instanceof LeaseEnded e) {
            if (lease != null && unreported == null && lease.leaseId().equals(e.report().leaseId())) {
                unreported = e.report();
                if (phase == Phase.RUNNING) {
                    phase = Phase.REPORTING;
                    next(out);
                }
            }
        } else if (event instanceof ReportAcked) {
            reporting = false;
            backoffMs = 0;
            lease = null;
            unreported = null;
            phase = Phase.IDLE;
            next(out);
        } else if (event instanceof ReportFailed f) {
            reporting = false;
            if (f.unauthorized()) {
                registerAgain(out);
            }
            out.add(waitThen(nextBackoff()));
        } else if (event instanceof FlushDue) {
            flush(out);
        } else if (event instanceof BatchAcked) {
            backoffMs = 0;
            flushing = false;
            flush(out);
        } else if (event instanceof BatchFailed f) {
            if (f.unauthorized()) {
                registerAgain(out);
            }
            out.add(new After(nextBackoff(), new FlushResume())); // the batch stays in flight until then
        } else if (event instanceof FlushResume) {
            flushing = false;
        } else if (event instanceof RegistrationChanged) {
            changePending = true;
            next(out);
        } else if (event instanceof Stop) {
            phase = Phase.LEAVING;
        }
        return out;
    }

    /** Decides the next step of the work, where the phase allows one. */
    private void next(List<AgentCommand> out) {
        if (phase == Phase.REPORTING) {
            if (reporting) {
                return;
            }
            if (backlog.pendingFor(unreported.leaseId()) > 0) {
                out.add(waitThen(timing.flushInterval().toMillis())); // its samples are delivered first
                return;
            }
            reporting = true;
            out.add(new ReportEnd(unreported));
            return;
        }
        if (phase != Phase.IDLE) {
            return;
        }
        if (changePending && !registering) {
            changePending = false;
            registering = true;
            phase = Phase.REREGISTERING;
            out.add(new Register(Why.CHANGED));
        } else if (backlog.size() > 0) {
            // Deliver what a previous run measured first, so a re-leased cell knows what is already stored.
            out.add(waitThen(timing.flushInterval().toMillis()));
        } else {
            phase = Phase.ASKING;
            out.add(new CheckDisk());
        }
    }

    private void registerFailed(RegisterFailed f, List<AgentCommand> out) {
        registering = false;
        if (f.refused()) {
            phase = Phase.STOPPED;
            out.add(new Refused(f.reason()));
            return;
        }
        if (phase == Phase.REREGISTERING) {
            changePending = true; // registers again with what is already changed
            phase = Phase.IDLE;
            out.add(waitThen(nextBackoff()));
        } else {
            next(out);
        }
    }

    private void heartbeatDue(List<AgentCommand> out) {
        if (beating || phase == Phase.STARTING) {
            return; // one heartbeat in flight is enough while the coordinator is slow or away
        }
        long silent = nanos.getAsLong() - lastContact;
        if (silent > timing.reconnectAfter().toNanos()) {
            phase = Phase.STOPPED;
            out.add(new LostContact(timing.reconnectAfter().toSeconds()));
            return;
        }
        beating = true;
        out.add(new SendHeartbeat(lease == null ? WorkerState.IDLE : WorkerState.BUSY,
                lease == null ? null : lease.leaseId(), paused));
    }

    private void heartbeatAnswered(HeartbeatReply reply, List<AgentCommand> out) {
        beating = false;
        lastContact = nanos.getAsLong();
        if (!reply.known()) {
            registerAgain(out);
        }
        if (reply.duplicate() != null && !reply.duplicate().equals(duplicateWarned)) {
            out.add(new DuplicateIdentity(reply.duplicate()));
        }
        duplicateWarned = reply.duplicate();
        if (lease != null && unreported == null && !cancelRequested && reply.cancelLeaseIds().contains(lease.leaseId())) {
            cancelRequested = true;
            out.add(new CancelLease(lease));
        }
    }

    private void diskChecked(String shortage, List<AgentCommand> out) {
        if (phase != Phase.ASKING) {
            return;
        }
        String reason = shortage == null || shortage.length() <= Heartbeat.MAX_PAUSED ? shortage
                : shortage.substring(0, Heartbeat.MAX_PAUSED);
        if ((reason == null) != (paused == null)) {
            out.add(new PauseChanged(reason));
        }
        paused = reason;
        if (reason != null) {
            phase = Phase.PAUSED;
            out.add(waitThen(timing.pauseRecheck().toMillis()));
        } else {
            out.add(new AskForLease());
        }
    }

    private void leaseAnswered(LeaseReply reply, List<AgentCommand> out) {
        if (phase != Phase.ASKING) {
            return;
        }
        if (reply.lease() != null) {
            backoffMs = 0;
            lease = reply.lease();
            unreported = null;
            cancelRequested = false;
            phase = Phase.RUNNING;
            out.add(new StartLease(lease));
        } else {
            phase = Phase.IDLE;
            out.add(waitThen(Math.max(MIN_RETRY_MS, reply.retryAfterMs())));
        }
    }

    private void flush(List<AgentCommand> out) {
        if (flushing || backlog.size() == 0) {
            return;
        }
        flushing = true;
        out.add(new SendBatch());
    }

    /** Registers again (the coordinator lost this worker's session), unless a registration is on its way. */
    private void registerAgain(List<AgentCommand> out) {
        if (!registering) {
            registering = true;
            out.add(new Register(Why.UNKNOWN));
        }
    }

    /** A wait of the work; a new one supersedes any earlier wait still running. */
    private After waitThen(long ms) {
        return new After(ms, new Wake(++wakeToken));
    }

    private long nextBackoff() {
        backoffMs = Math.min(timing.maxBackoff().toMillis(), backoffMs == 0 ? FIRST_BACKOFF_MS : backoffMs * 2);
        return backoffMs;
    }

    /**
     * What a leaving agent reports for its lease once the lease's samples are delivered: the end it had already
     * (measured to the end, or cancelled by the coordinator), or else a lease given back unfinished (neither failed nor
     * cancelled), so the coordinator queues the rest again at once instead of waiting for the lease to expire.
     *
     * @param endedBefore     the end of the lease before the leave began, or null
     * @param cancelledBefore whether the coordinator had cancelled it before the leave began
     * @param endedNow        the end of the lease as the measuring thread left it after stopping
     */
    public static LeaseFinished leavingReport(String workerId, Lease lease, LeaseFinished endedBefore,
                                              boolean cancelledBefore, LeaseFinished endedNow) {
        if (endedBefore != null) {
            return endedBefore;
        }
        if (cancelledBefore && endedNow != null) {
            return endedNow;
        }
        return new LeaseFinished(Protocol.VERSION, workerId, lease.leaseId(), null, false, null);
    }
}
