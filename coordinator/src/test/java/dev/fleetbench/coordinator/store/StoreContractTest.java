package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.coordinator.domain.leases.LeaseOutcome;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import dev.fleetbench.coordinator.domain.matrix.Matrix;
import dev.fleetbench.coordinator.testing.Machines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The repository contract, the same on both databases: {@link DuckDbStoreTest} and {@link PostgresStoreIT}. */
abstract class StoreContractTest extends StoreTestBase {

    static final Instant T0 = Instant.parse("2025-05-06T07:08:09.123456Z");

    JdbcStore store;

    @BeforeEach
    void open() {
        store = stores().open("fleetbench");
    }

    @AfterEach
    void close() {
        store.close();
    }

    static RegisterRequest registration(String workerId, String agentVersion) {
        return new RegisterRequest(Protocol.VERSION, workerId, agentVersion, Fixtures.snapdragonLaptop(),
                new EngineDescriptor("foundry", "0.8.119"), List.of(Machines.PHI_NPU, Machines.PHI_CPU),
                List.of(Machines.PHI_NPU.id()), Map.of("room", "b12"));
    }

    @Test
    void workersAreUpsertedByIdAndRoundTrip() {
        store.upsertWorker(registration("w2", "0.1.0"), T0);
        store.upsertWorker(registration("w1", "0.1.0"), T0);
        store.upsertWorker(registration("w1", "0.2.0"), T0.plusSeconds(5));

        assertThat(store.workers()).containsExactly(
                new StoredWorker(registration("w1", "0.2.0"), T0.plusSeconds(5)),
                new StoredWorker(registration("w2", "0.1.0"), T0));
        assertThat(store.query("SELECT hostname || ' ' || agent_version FROM workers ORDER BY worker_id"))
                .containsExactly("lab-laptop-07 0.2.0", "lab-laptop-07 0.1.0");
    }

    @Test
    void manyWorkersAreUpsertedInOneCallAndTheLastRowOfAnIdWins() {
        store.upsertWorker(registration("w1", "0.1.0"), T0);
        store.upsertWorkers(List.of(new StoredWorker(registration("w3", "0.1.0"), T0),
                new StoredWorker(registration("w1", "0.2.0"), T0.plusSeconds(1)),
                new StoredWorker(registration("w3", "0.3.0"), T0.plusSeconds(2))));
        store.upsertWorkers(List.of());

        assertThat(store.workers()).containsExactly(
                new StoredWorker(registration("w1", "0.2.0"), T0.plusSeconds(1)),
                new StoredWorker(registration("w3", "0.3.0"), T0.plusSeconds(2)));
    }

    @Test
    void enrollmentsAreUpsertedByWorkerAndRoundTripWithTheirApprovedHardware() {
        var laptop = Fixtures.snapdragonLaptop();
        var pending = new dev.fleetbench.coordinator.domain.fleet.Enrollment("w1", laptop.machineId(),
                dev.fleetbench.coordinator.domain.fleet.Enrollment.State.PENDING, null, null, T0);
        var other = new dev.fleetbench.coordinator.domain.fleet.Enrollment("w2", "m-2",
                dev.fleetbench.coordinator.domain.fleet.Enrollment.State.PENDING, null, null, T0);
        store.upsertEnrollments(List.of(pending, other));
        store.upsertEnrollments(List.of(pending.approved(laptop, T0.plusSeconds(5)),
                other.rejected("not a lab machine", T0.plusSeconds(6))));
        store.upsertEnrollments(List.of());

        assertThat(store.enrollments()).containsExactly(pending.approved(laptop, T0.plusSeconds(5)),
                other.rejected("not a lab machine", T0.plusSeconds(6)));
        assertThat(store.enrollments().get(0).approvedProfile().profileHash()).isEqualTo(laptop.profileHash());
    }

    @Test
    void aCampaignWithItsCellsAndUnitsRoundTrips() {
        Matrix m = StoreData.insert(store, "c1");

        assertThat(store.campaign("c1")).contains(StoreData.campaign("c1"));
        assertThat(store.campaign("nope")).isEmpty();
        assertThat(store.cells("c1")).isEqualTo(m.cells());
        assertThat(store.units("c1")).isEqualTo(m.units());
        assertThat(store.units("c1").get(0).cells().get(0).prompt().expect()).isNotNull();
        assertThat(store.cells("other")).isEmpty();
        assertThat(StoreData.campaign("c1").notes()).isNotEmpty();
    }

    @Test
    void campaignsAreListedByCreationAndUpdated() {
        StoreData.insert(store, "c2");
        CampaignRecord first = new CampaignRecord("c1", "first", "{}", true, "sched-1", T0.minusSeconds(60),
                CampaignState.RUNNING, null, List.of());
        store.insertCampaign(first, List.of(), List.of());
        assertThat(store.campaigns()).extracting(CampaignRecord::id).containsExactly("c1", "c2");

        CampaignRecord done = first.withState(CampaignState.DONE, T0.plusSeconds(3600));
        store.updateCampaign(done);
        assertThat(store.campaign("c1")).contains(done);
        assertThatThrownBy(() -> store.updateCampaign(StoreData.campaign("missing")))
                .isInstanceOf(StoreException.class).hasMessageContaining("campaign missing is not stored");
    }

    @Test
    void aFailedInsertLeavesNothingBehind() {
        StoreData.insert(store, "c1");
        Matrix again = StoreData.matrix("c1");
        // same campaign id: the primary key refuses it, and the cells appended before must not stay either
        assertThatThrownBy(() -> store.insertCampaign(new CampaignRecord("c1", "dup", "{}", false, null, T0,
                CampaignState.RUNNING, null, List.of()), again.cells(), again.units()))
                .isInstanceOf(StoreException.class);
        // cells of a new campaign whose ids clash are refused by the appender's flush, the campaign row rolls back
        Matrix clash = StoreData.matrix("c1");
        assertThatThrownBy(() -> store.insertCampaign(StoreData.campaign("c9"), clash.cells(), clash.units()))
                .isInstanceOf(StoreException.class).message().containsIgnoringCase("duplicate key");
        assertThat(store.campaign("c9")).isEmpty();
        assertThat(store.campaigns()).hasSize(1);
        assertThat(store.cells("c1")).hasSize(clash.cells().size());
    }

    @Test
    void cellUpdatesWriteStatusAndReasonFewOrMany() {
        Matrix m = StoreData.insert(store, "c1");
        Cell one = m.cells().get(0).withStatus(CellStatus.RUNNING, null);
        store.updateCells(List.of(one));
        assertThat(store.cells("c1").get(0)).isEqualTo(one);

        Matrix big = bigMatrix(store);
        List<Cell> cancelled = big.cells().stream().map(c -> c.withStatus(CellStatus.CANCELLED, "campaign cancelled"))
                .toList();
        assertThat(cancelled.size()).isGreaterThan(JdbcStore.ROW_UPDATE_LIMIT);
        store.updateCells(cancelled);
        assertThat(store.cells("big")).isEqualTo(cancelled);
        assertThat(store.cells("c1").get(0)).isEqualTo(one);
    }

    @Test
    void updatingAnUnknownCellFailsAndChangesNothing() {
        Matrix m = StoreData.insert(store, "c1");
        Cell known = m.cells().get(0).withStatus(CellStatus.DONE, null);
        Cell unknown = new Cell("cell-nope", "c1", "w1", "m", null, "a", 3, CellStatus.DONE, null);
        assertThatThrownBy(() -> store.updateCells(List.of(known, unknown)))
                .isInstanceOf(StoreException.class).hasMessageContaining("1 of 2 cells are not stored (e.g. cell-nope)");
        assertThat(store.cells("c1")).isEqualTo(m.cells());

        List<Cell> many = new ArrayList<>(bigMatrix(store).cells().stream()
                .map(c -> c.withStatus(CellStatus.FAILED, "x")).toList());
        many.add(unknown);
        assertThatThrownBy(() -> store.updateCells(many)).isInstanceOf(StoreException.class);
        assertThat(store.cells("big")).extracting(Cell::status).containsOnly(CellStatus.PENDING, CellStatus.DOES_NOT_FIT);
    }

    private static Matrix bigMatrix(CoordinatorStore store) {
        List<dev.fleetbench.coordinator.domain.placement.MachineView> fleet = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            fleet.add(Machines.desktop("d" + i, Map.of()));
        }
        Matrix m = dev.fleetbench.coordinator.domain.matrix.MatrixExpander.expand("big", StoreData.spec(), fleet);
        store.insertCampaign(StoreData.campaign("big"), m.cells(), m.units());
        return m;
    }

    @Test
    void anImportedCampaignIsStoredWholeOrNotAtAll() {
        Matrix m = StoreData.matrix("c9");
        StoredWorker site = new StoredWorker(registration("w-site", "0.1.0"), T0);
        LeaseRecord ended = new LeaseRecord("l1", m.units().get(0).id(), "c9", "w-site", null, 1, T0,
                T0.plusSeconds(90), dev.fleetbench.coordinator.domain.leases.LeaseOutcome.FINISHED, null);
        LeaseRecord noId = new LeaseRecord(null, m.units().get(0).id(), "c9", "w-site", null, 2, T0, null, dev.fleetbench.coordinator.domain.leases.LeaseOutcome.RUNNING,
                null);

        // the last write of the import (the lease history) fails: the workers and the campaign before it are undone
        assertThatThrownBy(() -> store.importCampaign(List.of(site), List.of(site.registration().hardware()),
                StoreData.campaign("c9"), m.cells(), m.units(), List.of(ended, noId)))
                .isInstanceOf(StoreException.class).hasMessageContaining("importing campaign c9");
        assertThat(store.campaign("c9")).isEmpty();
        assertThat(store.cells("c9")).isEmpty();
        assertThat(store.units("c9")).isEmpty();
        assertThat(store.workers()).isEmpty();
        assertThat(store.leases("c9")).isEmpty();

        // so the same bundle imports again, whole
        store.importCampaign(List.of(site), List.of(site.registration().hardware()), StoreData.campaign("c9"),
                m.cells(), m.units(), List.of(ended));
        assertThat(store.campaign("c9")).map(CampaignRecord::name).contains("store test");
        assertThat(store.cells("c9")).hasSize(m.cells().size());
        assertThat(store.units("c9")).hasSize(m.units().size());
        assertThat(store.workers()).containsExactly(site);
        assertThat(store.leases("c9")).containsExactly(ended);
    }

    @Test
    void leasesAreUpsertedAndKeepTheirPhases() {
        LeaseRecord running = new LeaseRecord("l1", "u1", "c1", "w1", "stories260K", 1, T0, null, LeaseOutcome.RUNNING, null);
        LeaseRecord later = new LeaseRecord("l0", "u2", "c1", "w2", null, 1, T0.plusSeconds(10), null, LeaseOutcome.RUNNING, null);
        store.upsertLease(running);
        store.upsertLease(later);
        ModelPhases phases = new ModelPhases("stories260K", null, null, 1800.0, 35.5, 120.0, 64L << 20, 95.5, 12.0,
                null, null, List.of("loaded from cache"));
        LeaseRecord finished = new LeaseRecord("l1", "u1", "c1", "w1", "stories260K", 1, T0, T0.plusSeconds(90),
                LeaseOutcome.FINISHED, phases);
        store.upsertLease(finished);
        store.upsertLease(new LeaseRecord("lx", "u9", "c2", "w1", null, 1, T0, null, LeaseOutcome.RUNNING, null));

        assertThat(store.leases("c1")).containsExactly(finished, later);
    }

    @Test
    void manyLeasesInOneCallAreStoredAsOneByOne() {
        ModelPhases phases = new ModelPhases("stories260K", null, null, 1800.0, 35.5, 120.0, 64L << 20, 95.5, 12.0,
                null, null, List.of("loaded from cache"));
        List<LeaseRecord> first = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            first.add(new LeaseRecord(String.format("l%03d", i), "u" + i, "c1", "w" + i, "stories260K", 1,
                    T0.plusSeconds(i), null, LeaseOutcome.RUNNING, null));
        }
        store.upsertLeases(first); // few: by key
        List<LeaseRecord> second = new ArrayList<>();
        List<LeaseRecord> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // many: staged; 40 finish, 60 are new
            LeaseRecord l = i < 40
                    ? new LeaseRecord(String.format("l%03d", i), "u" + i, "c1", "w" + i, "stories260K", 1,
                            T0.plusSeconds(i), T0.plusSeconds(100 + i), LeaseOutcome.FINISHED, phases)
                    : new LeaseRecord(String.format("l%03d", i), "u" + i, "c1", "w" + i, null, 2, T0.plusSeconds(i),
                            null, LeaseOutcome.RUNNING, null);
            second.add(l);
            expected.add(l);
        }
        LeaseRecord expired = new LeaseRecord("l099", "u99", "c1", "w99", null, 2, T0.plusSeconds(99),
                T0.plusSeconds(300), LeaseOutcome.EXPIRED, null);
        second.add(expired); // the same lease twice in one call: the last record wins
        expected.set(99, expired);
        store.upsertLeases(second);
        store.upsertLeases(List.of());

        assertThat(store.leases("c1")).containsExactlyElementsOf(expected);
    }

    @Test
    void schedulesAreUpserted() {
        ScheduleRecord nightly = new ScheduleRecord("s1", "nightly", "name: n", true, "0 2 * * *", T0, null, true);
        ScheduleRecord weekly = new ScheduleRecord("s0", "weekly", "{}", false, "0 3 * * 1", T0.plusSeconds(1), null,
                true);
        store.upsertSchedule(nightly);
        store.upsertSchedule(weekly);
        ScheduleRecord ran = new ScheduleRecord("s1", "nightly", "name: n", true, "0 2 * * *", T0,
                T0.plusSeconds(86_400), false);
        store.upsertSchedule(ran);
        assertThat(store.schedules()).containsExactly(ran, weekly);
    }

    @Test
    void samplesRoundTripExactlyInInsertionOrderWithPaging() {
        Matrix m = StoreData.insert(store, "c1");
        List<Cell> cells = StoreData.runnable(m);
        List<Sample> in = List.of(StoreData.rich("r-1", cells.get(0), 1_700_000_000_123L),
                StoreData.warmup(cells.get(1)), StoreData.failed(cells.get(2)), StoreData.measured(cells.get(0)));
        store.ingest(in.subList(0, 2));
        store.ingest(in.subList(2, 4));

        assertThat(store.samples("c1", 0, 100)).isEqualTo(in);
        assertThat(store.samples("c1", 1, 2)).isEqualTo(in.subList(1, 3));
        assertThat(store.samples("c1", 4, 10)).isEmpty();
        assertThat(store.sampleCount("c1")).isEqualTo(4);
        assertThat(store.sampleCount("other")).isZero();
        assertThatThrownBy(() -> store.samples("c1", -1, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everythingSurvivesCloseAndReopen() {
        Matrix m = StoreData.insert(store, "c1");
        store.upsertWorker(registration("w1", "0.1.0"), T0);
        store.upsertSchedule(new ScheduleRecord("s1", "n", "{}", false, "0 2 * * *", T0, null, true));
        store.upsertLease(new LeaseRecord("l1", "u1", "c1", "w1", null, 1, T0, null, LeaseOutcome.RUNNING, null));
        List<Sample> samples = List.of(StoreData.measured(StoreData.runnable(m).get(0)),
                StoreData.rich("r-1", StoreData.runnable(m).get(1), 5));
        store.ingest(samples);
        store.close();
        store.close();
        assertThatThrownBy(() -> store.campaigns()).isInstanceOf(StoreException.class).hasMessageContaining("closed");

        store = stores().open("fleetbench");
        assertThat(store.campaign("c1")).contains(StoreData.campaign("c1"));
        assertThat(store.cells("c1")).isEqualTo(m.cells());
        assertThat(store.units("c1")).isEqualTo(m.units());
        assertThat(store.workers()).hasSize(1);
        assertThat(store.schedules()).hasSize(1);
        assertThat(store.leases("c1")).hasSize(1);
        assertThat(store.samples("c1", 0, 10)).isEqualTo(samples);
        // insertion order goes on after a reopen
        Sample third = StoreData.measured(StoreData.runnable(m).get(2));
        store.ingest(List.of(third));
        assertThat(store.samples("c1", 0, 10)).containsExactly(samples.get(0), samples.get(1), third);
    }
}
