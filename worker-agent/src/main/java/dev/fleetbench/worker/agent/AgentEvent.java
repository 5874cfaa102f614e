package dev.fleetbench.worker.agent;

import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeaseReply;

/** What happened to the agent, as its verticle tells the {@link AgentLoop}: answers, failures and timers. */
public sealed interface AgentEvent {

    /** The first registration was accepted: the agent starts its loop. */
    record Started() implements AgentEvent {
    }

    /** A registration (after a change, or because the coordinator did not know the worker) was accepted. */
    record Registered() implements AgentEvent {
    }

    /**
     * A registration failed: refused by the coordinator (asking again will not help), or unanswered.
     *
     * @param refused true when the coordinator refused this worker
     * @param reason  for people
     */
    record RegisterFailed(boolean refused, String reason) implements AgentEvent {
    }

    /** A wait the loop asked for ({@link AgentCommand.After}) is over; only the latest wait counts. */
    record Wake(long token) implements AgentEvent {
    }

    /** Time for a heartbeat (periodic). */
    record HeartbeatDue() implements AgentEvent {
    }

    record HeartbeatAnswered(HeartbeatReply reply) implements AgentEvent {
    }

    record HeartbeatFailed() implements AgentEvent {
    }

    /** @param shortage why no work should be taken (the disk is nearly full), or null when there is room */
    record DiskChecked(String shortage) implements AgentEvent {
    }

    record LeaseAnswered(LeaseReply reply) implements AgentEvent {
    }

    record LeaseFailed() implements AgentEvent {
    }

    /** The measuring thread finished the lease (or stopped it); its report waits until its samples are stored. */
    record LeaseEnded(LeaseFinished report) implements AgentEvent {
    }

    /** The coordinator recorded the end of the lease. */
    record ReportAcked() implements AgentEvent {
    }

    /** @param unauthorized the coordinator had no session for this worker: it must register again */
    record ReportFailed(boolean unauthorized) implements AgentEvent {
    }

    /** Time to send the outbox (periodic). */
    record FlushDue() implements AgentEvent {
    }

    record BatchAcked() implements AgentEvent {
    }

    /** @param unauthorized the coordinator had no session for this worker: it must register again */
    record BatchFailed(boolean unauthorized) implements AgentEvent {
    }

    /** The wait after a failed batch is over. */
    record FlushResume() implements AgentEvent {
    }

    /** What the worker registers with was changed: register again once idle. */
    record RegistrationChanged() implements AgentEvent {
    }

    /** The agent is being undeployed: it stops deciding. */
    record Stop() implements AgentEvent {
    }
}
