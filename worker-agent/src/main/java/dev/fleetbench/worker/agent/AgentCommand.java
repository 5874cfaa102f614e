package dev.fleetbench.worker.agent;

import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.WorkerState;

/** What the {@link AgentLoop} decided, for its verticle to carry out on the event bus, timers and threads. */
public sealed interface AgentCommand {

    /** Why the agent registers again. */
    enum Why {
        /** what it registers with changed (applied now, while idle) */
        CHANGED,
        /** the coordinator did not know it or its session (it restarted, or replaced the session) */
        UNKNOWN
    }

    /** Register again; for {@link Why#CHANGED}, apply the queued change first. */
    record Register(Why why) implements AgentCommand {
    }

    /** Look whether the disk has room for a lease's results (off the event loop), then answer {@code DiskChecked}. */
    record CheckDisk() implements AgentCommand {
    }

    record AskForLease() implements AgentCommand {
    }

    /** Run the lease on the measuring thread. */
    record StartLease(Lease lease) implements AgentCommand {
    }

    /** Stop the lease's measuring at the next request. */
    record CancelLease(Lease lease) implements AgentCommand {
    }

    /** @param paused why the worker takes no work, or null */
    record SendHeartbeat(WorkerState state, String leaseId, String paused) implements AgentCommand {
    }

    /** Send the oldest samples of the outbox as one batch. */
    record SendBatch() implements AgentCommand {
    }

    /** Report the end of the lease (all its samples are stored). */
    record ReportEnd(LeaseFinished report) implements AgentCommand {
    }

    /** Deliver {@code event} after {@code delayMs}. */
    record After(long delayMs, AgentEvent event) implements AgentCommand {
    }

    /** The coordinator has been silent too long: leave the cluster and join again. */
    record LostContact(long silentSeconds) implements AgentCommand {
    }

    /** The coordinator refused this worker while it ran: it stops asking, and says why. */
    record Refused(String reason) implements AgentCommand {
    }

    /** A pause for want of disk space began (with its reason) or ended (null). */
    record PauseChanged(String reason) implements AgentCommand {
    }

    /** The coordinator believes another live agent uses this worker's identity (said once per new reason). */
    record DuplicateIdentity(String reason) implements AgentCommand {
    }
}
