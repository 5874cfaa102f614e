package dev.fleetbench.worker.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeasePrompt;
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
import dev.fleetbench.worker.agent.AgentLoop.Phase;
import dev.fleetbench.worker.testing.FakeClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's decisions, event by event, on a fake clock and a fake outbox. */
class AgentLoopTest {

    private static final int V = Protocol.VERSION;
    private static final AgentLoop.Timing TIMING = new AgentLoop.Timing(Duration.ofMillis(200), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(2));
    private static final ModelVariant VARIANT = new ModelVariant("tiny-1", "tiny", DeviceType.CPU, "test-ep", 1000,
            10, "F32");
    private static final Lease LEASE = new Lease("l-1", "c-1", 1, VARIANT, List.of(new LeasePrompt("cell-1",
            new PromptSpec("p", UseCase.CHAT, "Once upon a time", 16, null), 0, 3)), 1, "ps-1", 60, false);
    private static final LeaseFinished ENDED = new LeaseFinished(V, "w-1", "l-1", null, false, null);

    private final FakeClock clock = new FakeClock();
    private final FakeBacklog backlog = new FakeBacklog();
    private final AgentLoop loop = new AgentLoop(TIMING, clock, backlog, null, null, false);

    /** An outbox the test fills and empties. */
    static final class FakeBacklog implements AgentLoop.Backlog {
        final Map<String, Integer> pending = new HashMap<>();

        @Override
        public int size() {
            return pending.values().stream().mapToInt(Integer::intValue).sum();
        }

        @Override
        public int pendingFor(String leaseId) {
            return pending.getOrDefault(leaseId, 0);
        }
    }

    /** The event the single wait among {@code commands} will deliver. */
    private static AgentEvent waited(List<AgentCommand> commands, long ms) {
        assertThat(commands).hasSize(1).first().isInstanceOf(After.class);
        After after = (After) commands.get(0);
        assertThat(after.delayMs()).isEqualTo(ms);
        return after.event();
    }

    @Test
    void anIdleWorkerChecksItsDiskThenAsksAndAsksAgainWhenThereIsNoWork() {
        assertThat(loop.phase()).isEqualTo(Phase.STARTING);
        assertThat(loop.on(new Started())).containsExactly(new CheckDisk());
        assertThat(loop.phase()).isEqualTo(Phase.ASKING);
        assertThat(loop.on(new DiskChecked(null))).containsExactly(new AskForLease());
        AgentEvent wake = waited(loop.on(new LeaseAnswered(new LeaseReply(V, null, 30, "no campaign"))), 100);
        assertThat(loop.phase()).isEqualTo(Phase.IDLE);
        assertThat(loop.on(wake)).containsExactly(new CheckDisk());
        loop.on(new DiskChecked(null));
        assertThat(waited(loop.on(new LeaseAnswered(new LeaseReply(V, null, 1500, "gated"))), 1500))
                .isInstanceOf(Wake.class);
    }

    @Test
    void aLeaseRunsThenItsEndIsReportedOnlyOnceItsSamplesAreStored() {
        loop.on(new Started());
        loop.on(new DiskChecked(null));
        assertThat(loop.on(new LeaseAnswered(new LeaseReply(V, LEASE, 0, null)))).containsExactly(new StartLease(LEASE));
        assertThat(loop.phase()).isEqualTo(Phase.RUNNING);
        assertThat(loop.on(new HeartbeatDue())).containsExactly(new SendHeartbeat(WorkerState.BUSY, "l-1", null));

        backlog.pending.put("l-1", 3);
        AgentEvent wake = waited(loop.on(new LeaseEnded(ENDED)), 200);
        assertThat(loop.phase()).isEqualTo(Phase.REPORTING);
        assertThat(loop.on(new LeaseEnded(ENDED))).as("told twice, decided once").isEmpty();
        AgentEvent again = waited(loop.on(wake), 200);
        backlog.pending.clear();
        assertThat(loop.on(again)).containsExactly(new ReportEnd(ENDED));
        assertThat(loop.on(again)).as("a stale wait does nothing").isEmpty();

        AgentEvent retry = waited(loop.on(new ReportFailed(false)), 250);
        assertThat(loop.on(retry)).containsExactly(new ReportEnd(ENDED));
        assertThat(loop.on(new ReportAcked())).containsExactly(new CheckDisk());
        assertThat(loop.phase()).isEqualTo(Phase.ASKING);
        loop.on(new HeartbeatAnswered(new HeartbeatReply(V, true, List.of())));
        assertThat(loop.on(new HeartbeatDue())).containsExactly(new SendHeartbeat(WorkerState.IDLE, null, null));
    }

    @Test
    void samplesOfAnEarlierRunAreDeliveredBeforeAskingForWork() {
        backlog.pending.put("l-0", 2);
        AgentEvent wake = waited(loop.on(new Started()), 200);
        assertThat(loop.phase()).isEqualTo(Phase.IDLE);
        backlog.pending.clear();
        assertThat(loop.on(wake)).containsExactly(new CheckDisk());
    }

    @Test
    void aNearlyFullDiskPausesTheWorkerWithTheReasonInItsHeartbeatsUntilSpaceIsBack() {
        loop.on(new Started());
        String full = "disk nearly full: 10.0 MiB free" + " ".repeat(400);
        List<AgentCommand> paused = loop.on(new DiskChecked(full));
        String clipped = full.substring(0, 300);
        assertThat(paused).hasSize(2).startsWith(new PauseChanged(clipped));
        assertThat(paused.get(1)).isInstanceOfSatisfying(After.class, a -> assertThat(a.delayMs()).isEqualTo(2000));
        assertThat(loop.phase()).isEqualTo(Phase.PAUSED);
        assertThat(loop.on(new HeartbeatDue())).containsExactly(new SendHeartbeat(WorkerState.IDLE, null, clipped));
        loop.on(new HeartbeatAnswered(new HeartbeatReply(V, true, List.of())));

        assertThat(loop.on(((After) paused.get(1)).event())).containsExactly(new CheckDisk());
        List<AgentCommand> stillFull = loop.on(new DiskChecked(full));
        assertThat(stillFull).as("the pause is told once").hasSize(1).first().isInstanceOf(After.class);
        loop.on(((After) stillFull.get(0)).event());
        assertThat(loop.on(new DiskChecked(null))).containsExactly(new PauseChanged(null), new AskForLease());
        assertThat(loop.on(new HeartbeatDue())).containsExactly(new SendHeartbeat(WorkerState.IDLE, null, null));
    }

    @Test
    void aSilentCoordinatorIsLeftAfterTheReconnectTimeAndNothingIsDecidedThen() {
        loop.on(new Started());
        assertThat(loop.on(new HeartbeatDue())).hasSize(1);
        assertThat(loop.on(new HeartbeatDue())).as("one heartbeat in flight at most").isEmpty();
        loop.on(new AgentEvent.HeartbeatFailed());
        clock.advanceMs(10_000);
        assertThat(loop.on(new HeartbeatDue())).as("exactly 10 s of silence").hasSize(1);
        loop.on(new AgentEvent.HeartbeatFailed());
        clock.advanceMs(1);
        assertThat(loop.on(new HeartbeatDue())).containsExactly(new LostContact(10));
        assertThat(loop.phase()).isEqualTo(Phase.STOPPED);
        assertThat(loop.on(new DiskChecked(null))).isEmpty();
        assertThat(loop.on(new HeartbeatDue())).isEmpty();
    }

    @Test
    void anAnswerResetsTheSilence() {
        loop.on(new Started());
        loop.on(new HeartbeatDue());
        clock.advanceMs(9_000);
        loop.on(new HeartbeatAnswered(new HeartbeatReply(V, true, List.of())));
        clock.advanceMs(9_000);
        assertThat(loop.on(new HeartbeatDue())).singleElement().isInstanceOf(SendHeartbeat.class);
    }

    @Test
    void anUnknownWorkerRegistersAgainOnceWhateverTheNumberOfRepliesThatSaySo() {
        loop.on(new Started());
        HeartbeatReply unknown = new HeartbeatReply(V, false, List.of());
        loop.on(new HeartbeatDue());
        assertThat(loop.on(new HeartbeatAnswered(unknown))).containsExactly(new Register(Why.UNKNOWN));
        loop.on(new HeartbeatDue());
        assertThat(loop.on(new HeartbeatAnswered(unknown))).as("a registration is on its way").isEmpty();
        assertThat(loop.on(new BatchFailed(true))).singleElement().isInstanceOf(After.class);
        loop.on(new Registered());
        loop.on(new HeartbeatDue());
        assertThat(loop.on(new HeartbeatAnswered(unknown))).containsExactly(new Register(Why.UNKNOWN));
    }

    @Test
    void aCancelledLeaseIsToldToStopOnceAndADuplicateIdentityIsToldWhenItStarts() {
        loop.on(new Started());
        loop.on(new DiskChecked(null));
        loop.on(new LeaseAnswered(new LeaseReply(V, LEASE, 0, null)));
        loop.on(new HeartbeatDue());
        assertThat(loop.on(new HeartbeatAnswered(new HeartbeatReply(V, true, List.of("l-0", "l-1"), "clone seen"))))
                .containsExactly(new DuplicateIdentity("clone seen"), new CancelLease(LEASE));
        loop.on(new HeartbeatDue());
        assertThat(loop.on(new HeartbeatAnswered(new HeartbeatReply(V, true, List.of("l-1"), "clone seen")))).isEmpty();
        loop.on(new HeartbeatDue());
        loop.on(new HeartbeatAnswered(new HeartbeatReply(V, true, List.of())));
        loop.on(new HeartbeatDue());
        assertThat(loop.on(new HeartbeatAnswered(new HeartbeatReply(V, true, List.of(), "clone seen"))))
                .as("seen again after it had stopped").containsExactly(new DuplicateIdentity("clone seen"));
    }

    @Test
    void aChangedRegistrationWaitsForTheLeaseThenRegistersBeforeAskingAndRetriesWithBackoff() {
        loop.on(new Started());
        loop.on(new DiskChecked(null));
        loop.on(new LeaseAnswered(new LeaseReply(V, LEASE, 0, null)));
        assertThat(loop.on(new RegistrationChanged())).as("not while running").isEmpty();
        loop.on(new LeaseEnded(ENDED));
        assertThat(loop.on(new ReportAcked())).containsExactly(new Register(Why.CHANGED));
        assertThat(loop.phase()).isEqualTo(Phase.REREGISTERING);

        AgentEvent first = waited(loop.on(new RegisterFailed(false, "timeout")), 250);
        assertThat(loop.on(first)).containsExactly(new Register(Why.CHANGED));
        AgentEvent second = waited(loop.on(new RegisterFailed(false, "timeout")), 500);
        assertThat(loop.on(second)).containsExactly(new Register(Why.CHANGED));
        assertThat(loop.on(new Registered())).containsExactly(new CheckDisk());
    }

    @Test
    void theBackoffDoublesUpToTheLongestWait() {
        loop.on(new Started());
        long[] waits = new long[7];
        for (int i = 0; i < waits.length; i++) {
            loop.on(new DiskChecked(null));
            List<AgentCommand> c = loop.on(new LeaseFailed());
            waits[i] = ((After) c.get(0)).delayMs();
            loop.on(((After) c.get(0)).event());
        }
        assertThat(waits).containsExactly(250, 500, 1000, 2000, 4000, 5000, 5000);
        loop.on(new DiskChecked(null));
        loop.on(new LeaseAnswered(new LeaseReply(V, LEASE, 0, null)));
        loop.on(new LeaseEnded(ENDED));
        assertThat(waited(loop.on(new ReportFailed(false)), 250)).as("reset by the lease").isInstanceOf(Wake.class);
    }

    @Test
    void aRefusedRegistrationStopsTheAgent() {
        loop.on(new Started());
        loop.on(new HeartbeatDue());
        loop.on(new HeartbeatAnswered(new HeartbeatReply(V, false, List.of())));
        assertThat(loop.on(new RegisterFailed(true, "the coordinator refused this worker: rejected by an admin")))
                .containsExactly(new Refused("the coordinator refused this worker: rejected by an admin"));
        assertThat(loop.phase()).isEqualTo(Phase.STOPPED);
        assertThat(loop.on(new FlushDue())).isEmpty();
    }

    @Test
    void theOutboxGoesOneBatchAtATimeAndWaitsAfterAFailure() {
        loop.on(new Started());
        assertThat(loop.on(new FlushDue())).as("nothing to send").isEmpty();
        backlog.pending.put("l-1", 500);
        assertThat(loop.on(new FlushDue())).containsExactly(new SendBatch());
        assertThat(loop.on(new FlushDue())).as("one batch in flight").isEmpty();
        assertThat(loop.on(new BatchAcked())).as("the next batch at once").containsExactly(new SendBatch());
        List<AgentCommand> failed = loop.on(new BatchFailed(false));
        assertThat(failed).containsExactly(new After(250, new FlushResume()));
        assertThat(loop.on(new FlushDue())).as("waiting after a failure").isEmpty();
        loop.on(new FlushResume());
        assertThat(loop.on(new FlushDue())).containsExactly(new SendBatch());
    }

    @Test
    void aLeavingAgentDecidesNothingButHearsItsLastBatch() {
        loop.on(new Started());
        backlog.pending.put("l-1", 5);
        loop.on(new FlushDue());
        assertThat(loop.batchInFlight()).isTrue();
        loop.on(new Stop());
        assertThat(loop.phase()).isEqualTo(Phase.LEAVING);
        assertThat(loop.on(new BatchAcked())).isEmpty();
        assertThat(loop.batchInFlight()).isFalse();
        assertThat(loop.on(new FlushDue())).isEmpty();
    }

    @Test
    void anAgentThatRejoinsCarriesOnWithTheLeaseItHad() {
        AgentLoop measuring = new AgentLoop(TIMING, clock, backlog, LEASE, null, false);
        assertThat(measuring.on(new Started())).isEmpty();
        assertThat(measuring.phase()).isEqualTo(Phase.RUNNING);
        AgentLoop ended = new AgentLoop(TIMING, clock, backlog, LEASE, ENDED, false);
        assertThat(ended.on(new Started())).containsExactly(new ReportEnd(ENDED));
        assertThatThrownBy(() -> new AgentLoop(TIMING, clock, backlog, null, ENDED, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l-1");
    }

    @Test
    void aLeavingAgentGivesBackAnUnfinishedLeaseAndReportsAFinishedOneAsItEnded() {
        LeaseFinished cancelled = new LeaseFinished(V, "w-1", "l-1", null, true, null);
        assertThat(AgentLoop.leavingReport("w-1", LEASE, ENDED, false, cancelled)).isSameAs(ENDED);
        assertThat(AgentLoop.leavingReport("w-1", LEASE, null, true, cancelled)).isSameAs(cancelled);
        assertThat(AgentLoop.leavingReport("w-1", LEASE, null, false, cancelled))
                .isEqualTo(new LeaseFinished(V, "w-1", "l-1", null, false, null));
    }
}
