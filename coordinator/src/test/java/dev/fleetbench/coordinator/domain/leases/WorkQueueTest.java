package dev.fleetbench.coordinator.domain.leases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeasePrompt;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpecParser;
import dev.fleetbench.coordinator.domain.campaign.LabGating;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import dev.fleetbench.coordinator.domain.matrix.Matrix;
import dev.fleetbench.coordinator.domain.matrix.MatrixExpander;
import dev.fleetbench.coordinator.testing.Machines;
import dev.fleetbench.coordinator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private static final WorkerConditions IDLE_ON_AC = new WorkerConditions(true, PowerSource.AC);
    private static final CampaignSpec SPEC = CampaignSpecParser.parse("""
            {"name": "t", "models": ["stories260K"], "repetitions": 3,
             "prompts": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}]}""", false);

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger leaseIds = new AtomicInteger();
    private final WorkQueue queue = new WorkQueue(clock, Duration.ofSeconds(15), 3, () -> "l-" + leaseIds.incrementAndGet());

    private Matrix addCampaign(String id, LabGating gating, Instant deadline) {
        Matrix m = MatrixExpander.expand(id, SPEC, List.of(Machines.desktop("w1", Map.of())));
        queue.add(new CampaignWork(id, 1, SPEC.prompts().version(), 120, false, gating, deadline, 3, 3), m);
        return m;
    }

    private void storeAll(Lease lease) {
        for (LeasePrompt p : lease.prompts()) {
            queue.setMeasured(p.cellId(), p.firstRepetition() + p.repetitions());
        }
    }

    private static ModelPhases ok(String model) {
        return new ModelPhases(model, null, null, 100.0, 5.0, 10.0, null, null, null, null, null, List.of());
    }

    @Test
    void aLeaseCarriesTheUnitsPromptsAndFinishesItsCells() {
        Matrix m = addCampaign("c1", LabGating.NONE, null);
        assertThat(queue.next("w-other", IDLE_ON_AC)).isEmpty();
        Lease lease = queue.next("w1", IDLE_ON_AC).orElseThrow();
        assertThat(lease.variant()).isEqualTo(Machines.STORIES);
        assertThat(lease.attempt()).isEqualTo(1);
        assertThat(lease.warmups()).isEqualTo(1);
        assertThat(lease.prompts()).extracting(p -> p.prompt().id() + ":" + p.firstRepetition() + "+" + p.repetitions())
                .containsExactly("a:0+3", "b:0+3");
        assertThat(queue.progress("c1")).isEqualTo(new CampaignProgress("c1", 2, 0, 2, 0, 0, 0, 0));
        assertThat(queue.progress("c1").finished()).isFalse();
        assertThat(m.cells()).extracting(Cell::planned).containsExactly(3, 3);
    }

    @Test
    void finishingClosesTheCells() {
        addCampaign("c1", LabGating.NONE, null);
        Lease lease = queue.next("w1", IDLE_ON_AC).orElseThrow();
        queue.drainChangedCells();
        storeAll(lease);
        assertThat(queue.finish(lease.leaseId(), ok("stories260K"), false)).isTrue();
        assertThat(queue.progress("c1")).isEqualTo(new CampaignProgress("c1", 2, 0, 0, 2, 0, 0, 0));
        assertThat(queue.drainChangedCells()).extracting(Cell::status).containsExactly(CellStatus.DONE, CellStatus.DONE);
        assertThat(queue.finish(lease.leaseId(), ok("stories260K"), false)).as("a second finish is stale").isFalse();
        assertThat(queue.next("w1", IDLE_ON_AC)).isEmpty();
    }

    @Test
    void anExpiredLeaseIsRequeuedWithOnlyTheMissingRepetitionsThenFailsAfterMaxAttempts() {
        addCampaign("c1", LabGating.NONE, null);
        Lease first = queue.next("w1", IDLE_ON_AC).orElseThrow();
        clock.advance(Duration.ofSeconds(10));
        queue.renew("w1", first.leaseId());
        clock.advance(Duration.ofSeconds(10));
        assertThat(queue.expire()).as("renewed 10 s ago, TTL 15 s").isEmpty();
        queue.setMeasured(first.prompts().get(0).cellId(), 2); // two samples of prompt a were stored
        clock.advance(Duration.ofSeconds(6));
        assertThat(queue.expire()).containsExactly(first.leaseId());
        assertThat(queue.progress("c1").pending()).isEqualTo(2);

        Lease second = queue.next("w1", IDLE_ON_AC).orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.prompts()).extracting(p -> p.prompt().id() + ":" + p.firstRepetition() + "+" + p.repetitions())
                .containsExactly("a:2+1", "b:0+3");

        // The first attempt stored samples, so it does not count; three that store nothing do.
        for (int attempt = 3; attempt <= 4; attempt++) {
            clock.advance(Duration.ofSeconds(16));
            queue.expire();
            assertThat(queue.next("w1", IDLE_ON_AC).orElseThrow().attempt()).isEqualTo(attempt);
        }
        clock.advance(Duration.ofSeconds(16));
        queue.expire();
        assertThat(queue.next("w1", IDLE_ON_AC)).isEmpty();
        List<Cell> failed = queue.drainChangedCells().stream().filter(c -> c.status() == CellStatus.FAILED).toList();
        assertThat(failed).hasSize(2).allSatisfy(c -> assertThat(c.reason()).isEqualTo("gave up after 3 attempts that"
                + " stored no sample; the last ended because its lease expired (the worker stopped sending heartbeats)"));
    }

    @Test
    void aMachineThatKeepsLeavingMidLeaseStillFinishesAsLongAsEachLeaseMakesProgress() {
        addCampaign("c1", LabGating.NONE, null);
        int stored = 0;
        for (int attempt = 1; attempt <= 6; attempt++) {
            Lease lease = queue.next("w1", IDLE_ON_AC).orElseThrow();
            assertThat(lease.attempt()).isEqualTo(attempt);
            LeasePrompt p = lease.prompts().get(0);
            queue.setMeasured(p.cellId(), p.firstRepetition() + 1); // one sample, then the machine sleeps
            stored++;
            clock.advance(Duration.ofSeconds(16));
            assertThat(queue.expire()).containsExactly(lease.leaseId());
        }
        assertThat(stored).as("all 6 planned samples, one per lease").isEqualTo(6);
        assertThat(queue.progress("c1").done()).isEqualTo(2);
        assertThat(queue.progress("c1").failed()).isZero();
    }

    @Test
    void aRestartedWorkerGetsItsUnfinishedCellsBackAtOnce() {
        addCampaign("c1", LabGating.NONE, null);
        Lease first = queue.next("w1", IDLE_ON_AC).orElseThrow();
        queue.setMeasured(first.prompts().get(0).cellId(), 3);
        Lease again = queue.next("w1", IDLE_ON_AC).orElseThrow();
        assertThat(again.leaseId()).isNotEqualTo(first.leaseId());
        assertThat(again.prompts()).extracting(p -> p.prompt().id()).containsExactly("b");
        assertThat(queue.finish(first.leaseId(), ok("stories260K"), false)).as("the lost lease is stale").isFalse();
    }

    @Test
    void aModelThatFailsToLoadFailsItsCellsWithTheReason() {
        addCampaign("c1", LabGating.NONE, null);
        Lease lease = queue.next("w1", IDLE_ON_AC).orElseThrow();
        queue.finish(lease.leaseId(), new ModelPhases("stories260K", null, null, null, null, null, null, null, null,
                FailureCode.LOAD_FAILED, "out of memory", List.of()), false);
        assertThat(queue.progress("c1").failed()).isEqualTo(2);
        assertThat(queue.drainChangedCells()).extracting(Cell::reason)
                .containsExactly("LOAD_FAILED: out of memory", "LOAD_FAILED: out of memory");
    }

    @Test
    void cancellingStopsTheRunningLeaseAtItsNextHeartbeat() {
        addCampaign("c1", LabGating.NONE, null);
        Lease lease = queue.next("w1", IDLE_ON_AC).orElseThrow();
        assertThat(queue.cancel("c1", "campaign cancelled", CellStatus.CANCELLED)).containsExactly(lease.leaseId());
        assertThat(queue.renew("w1", lease.leaseId())).containsExactly(lease.leaseId());
        assertThat(queue.progress("c1")).isEqualTo(new CampaignProgress("c1", 2, 0, 0, 0, 0, 0, 2));
        assertThat(queue.next("w1", IDLE_ON_AC)).isEmpty();
    }

    @Test
    void labGatingHoldsWorkUntilTheMachineIsIdleAndOnAc() {
        addCampaign("c1", new LabGating(true, true), null);
        assertThat(queue.next("w1", new WorkerConditions(true, PowerSource.BATTERY))).isEmpty();
        assertThat(queue.next("w1", new WorkerConditions(false, PowerSource.AC))).isEmpty();
        assertThat(queue.idleReason("w1")).contains("lab gating");
        assertThat(queue.next("w1", IDLE_ON_AC)).isPresent();
    }

    @Test
    void aSpentTimeBudgetFailsWhatIsLeft() {
        addCampaign("c1", LabGating.NONE, clock.instant().plus(Duration.ofMinutes(5)));
        Lease lease = queue.next("w1", IDLE_ON_AC).orElseThrow();
        clock.advance(Duration.ofMinutes(4));
        assertThat(queue.enforceBudgets()).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        assertThat(queue.enforceBudgets()).containsExactly("c1");
        assertThat(queue.progress("c1").failed()).isEqualTo(2);
        assertThat(queue.renew("w1", lease.leaseId())).containsExactly(lease.leaseId());
    }

    @Test
    void campaignsAreServedInOrder() {
        addCampaign("c1", LabGating.NONE, null);
        addCampaign("c2", LabGating.NONE, null);
        Lease first = queue.next("w1", IDLE_ON_AC).orElseThrow();
        assertThat(first.campaignId()).isEqualTo("c1");
        storeAll(first);
        queue.finish(first.leaseId(), ok("stories260K"), false);
        assertThat(queue.next("w1", IDLE_ON_AC).orElseThrow().campaignId()).isEqualTo("c2");
    }

    @Test
    void unstableCellsGrowByOneRoundUpToThreeTimesWithoutSpendingAttempts() {
        addCampaign("c1", LabGating.NONE, null);
        Lease first = queue.next("w1", IDLE_ON_AC).orElseThrow();
        storeAll(first);
        String unstable = first.prompts().get(1).cellId();
        assertThat(queue.growableCells(first.leaseId())).hasSize(2);
        queue.extend(first.leaseId(), List.of(unstable));
        queue.finish(first.leaseId(), ok("stories260K"), false);
        Lease second = queue.next("w1", IDLE_ON_AC).orElseThrow();
        assertThat(second.attempt()).as("extra repetitions are new work, not a failed attempt").isEqualTo(1);
        assertThat(second.prompts()).extracting(p -> p.prompt().id() + ":" + p.firstRepetition() + "+" + p.repetitions())
                .containsExactly("b:3+3");
        storeAll(second);
        queue.extend(second.leaseId(), List.of(unstable));
        queue.finish(second.leaseId(), ok("stories260K"), false);
        Lease third = queue.next("w1", IDLE_ON_AC).orElseThrow();
        assertThat(third.prompts()).extracting(p -> p.firstRepetition() + "+" + p.repetitions()).containsExactly("6+3");
        storeAll(third);
        assertThat(queue.growableCells(third.leaseId())).as("9 = 3 x 3 repetitions: no more").isEmpty();
        queue.finish(third.leaseId(), ok("stories260K"), false);
        assertThat(queue.progress("c1")).isEqualTo(new CampaignProgress("c1", 2, 0, 0, 2, 0, 0, 0));
        assertThat(queue.cell(unstable).orElseThrow().planned()).isEqualTo(9);
    }

    @Test
    void aSpentBudgetOrAFactorOfOneAllowsNoExtraRepetitions() {
        Matrix m = MatrixExpander.expand("c9", SPEC, List.of(Machines.desktop("w1", Map.of())));
        queue.add(new CampaignWork("c9", 0, "v", 120, false, LabGating.NONE, null, 3, 1), m);
        Lease lease = queue.next("w1", IDLE_ON_AC).orElseThrow();
        assertThat(queue.growableCells(lease.leaseId())).as("factor 1").isEmpty();
    }

    @Test
    void noExtraRepetitionsOnceTheBudgetIsSpent() {
        addCampaign("c2", LabGating.NONE, clock.instant().plusSeconds(60));
        Lease lease = queue.next("w1", IDLE_ON_AC).orElseThrow();
        assertThat(queue.growableCells(lease.leaseId())).hasSize(2);
        clock.advance(Duration.ofSeconds(61));
        assertThat(queue.growableCells(lease.leaseId())).isEmpty();
    }
}
