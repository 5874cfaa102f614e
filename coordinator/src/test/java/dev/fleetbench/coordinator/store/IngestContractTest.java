package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exactly-once ingest, the same on both databases: {@link DuckDbIngestIT} and {@link PostgresIngestIT}. */
abstract class IngestContractTest extends StoreTestBase {

    JdbcStore store;
    List<Cell> cells;

    @BeforeEach
    void open() {
        store = stores().open("fleetbench");
        Matrix m = StoreData.insert(store, "c1");
        cells = StoreData.runnable(m);
        assertThat(cells).hasSizeGreaterThanOrEqualTo(3).allMatch(c -> c.planned() == 3);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static List<Sample> measured(Cell cell, int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(StoreData.measured(cell));
        }
        return out;
    }

    @Test
    void theSameBatchTwiceIsStoredOnce() {
        Cell a = cells.get(0);
        List<Sample> batch = new ArrayList<>(measured(a, 2));
        batch.add(StoreData.warmup(a));

        assertThat(store.ingest(batch)).isEqualTo(new IngestResult(3, 0, 0, Map.of(a.id(), 2)));
        assertThat(store.ingest(batch)).isEqualTo(new IngestResult(0, 3, 0, Map.of(a.id(), 2)));
        assertThat(store.sampleCount("c1")).isEqualTo(3);
        assertThat(store.samples("c1", 0, 10)).isEqualTo(batch);
    }

    @Test
    void overlappingBatchesStoreOnlyTheNewSamples() {
        Cell a = cells.get(0);
        Cell b = cells.get(1);
        Sample a1 = StoreData.measured(a);
        Sample a2 = StoreData.measured(a);
        Sample b1 = StoreData.measured(b);
        store.ingest(List.of(a1, a2));

        IngestResult r = store.ingest(List.of(a2, b1, a1));
        assertThat(r).isEqualTo(new IngestResult(1, 2, 0, Map.of(a.id(), 2, b.id(), 1)));
        assertThat(store.samples("c1", 0, 10)).containsExactly(a1, a2, b1);
    }

    @Test
    void aRepeatedIdInsideOneBatchCountsOnce() {
        Cell a = cells.get(0);
        Sample s = StoreData.measured(a);
        Sample t = StoreData.measured(a);
        assertThat(store.ingest(List.of(s, t, s, s))).isEqualTo(new IngestResult(2, 2, 0, Map.of(a.id(), 2)));
        assertThat(store.samples("c1", 0, 10)).containsExactly(s, t);
    }

    @Test
    void measuredSamplesBeyondThePlannedCountAreStoredButSetAside() {
        Cell a = cells.get(0);
        List<Sample> first = measured(a, 2);
        List<Sample> second = measured(a, 3);
        store.ingest(first);

        // a lost attempt's results arrive late: one more fills the cell, two are set aside
        assertThat(store.ingest(second)).isEqualTo(new IngestResult(3, 0, 2, Map.of(a.id(), 3)));
        assertThat(store.query("SELECT sample_id FROM samples WHERE set_aside ORDER BY seq"))
                .containsExactly(second.get(1).id(), second.get(2).id());
        assertThat(store.sampleCount("c1")).isEqualTo(5);
        // warm-ups and cold requests never count and are never set aside
        assertThat(store.ingest(List.of(StoreData.warmup(a)))).isEqualTo(new IngestResult(1, 0, 0, Map.of(a.id(), 3)));
        // failed measured requests count like any measured request
        assertThat(store.ingest(List.of(StoreData.failed(a)))).isEqualTo(new IngestResult(1, 0, 1, Map.of(a.id(), 3)));
        assertThat(store.measuredCounts("c1")).containsEntry(a.id(), 3);
    }

    @Test
    void setAsideIsDecidedInBatchOrderAcrossCells() {
        Cell a = cells.get(0);
        Cell b = cells.get(1);
        List<Sample> batch = new ArrayList<>();
        batch.addAll(measured(a, 4));
        batch.addAll(measured(b, 1));
        batch.add(StoreData.failed(b));
        IngestResult r = store.ingest(batch);
        assertThat(r).isEqualTo(new IngestResult(6, 0, 1, Map.of(a.id(), 3, b.id(), 2)));
        assertThat(store.query("SELECT sample_id FROM samples WHERE set_aside")).containsExactly(batch.get(3).id());
    }

    @Test
    void countsPerCellCoverEveryCellOfTheCampaign() {
        store.ingest(measured(cells.get(0), 2));
        store.ingest(measured(cells.get(2), 5));
        Map<String, Integer> counts = store.measuredCounts("c1");
        assertThat(counts).containsEntry(cells.get(0).id(), 2).containsEntry(cells.get(1).id(), 0)
                .containsEntry(cells.get(2).id(), 3);
        assertThat(counts.keySet()).containsExactlyElementsOf(store.cells("c1").stream().map(Cell::id).toList());
        assertThat(store.measuredCounts("other")).isEmpty();
        // the counters agree with a count over the samples themselves
        assertThat(store.query("SELECT count(*) FROM samples WHERE kind = 'measured' AND NOT set_aside"))
                .containsExactly("5");
    }

    @Test
    void samplesWithoutACellAreStoredAndNeverSetAside() {
        Sample local = Samples.ok("stories260K", "a", 10.0, 2.0, 8);
        Sample unknownCell = Samples.ok("stories260K", "a", 10.0, 2.0, 8).withPlacement("c1", "cell-unknown", "l", "w");
        List<Sample> many = new ArrayList<>(List.of(local, unknownCell));
        for (int i = 0; i < 4; i++) {
            many.add(Samples.ok("stories260K", "a", 10.0, 2.0, 8).withPlacement("c1", "cell-unknown", "l", "w"));
        }
        IngestResult r = store.ingest(many);
        assertThat(r).isEqualTo(new IngestResult(6, 0, 0, Map.of("cell-unknown", 5)));
        assertThat(store.measuredCounts("c1")).containsEntry("cell-unknown", 5);
        assertThat(store.query("SELECT count(*) FROM samples WHERE set_aside")).containsExactly("0");
        assertThat(store.ingest(List.of(local)).duplicates()).isEqualTo(1);
    }

    @Test
    void anIdStoredWithAnotherStartTimeIsStillADuplicate() {
        Cell a = cells.get(0);
        Sample original = StoreData.rich("same-id", a, 1_000L);
        Sample impostor = StoreData.rich("same-id", a, 999_999L);
        Sample fresh = StoreData.rich("fresh", a, 999_000L);
        store.ingest(List.of(original));

        assertThat(store.ingest(List.of(fresh, impostor))).isEqualTo(new IngestResult(1, 1, 0, Map.of(a.id(), 2)));
        assertThat(store.samples("c1", 0, 10)).containsExactly(original, fresh);
    }

    @Test
    void batchesStoredTogetherGiveWhatTheyGiveOneAfterTheOther() {
        Cell a = cells.get(0);
        Cell b = cells.get(1);
        Sample old = StoreData.measured(a);
        Sample a1 = StoreData.measured(a);
        Sample a2 = StoreData.measured(a);
        Sample a3 = StoreData.measured(a);
        Sample b1 = StoreData.measured(b);
        Sample w = StoreData.warmup(b);
        List<List<Sample>> batches = List.of(
                List.of(old),
                List.of(a1, b1, a1),            // a repeat inside a batch
                List.of(b1, w, a2),             // b1 again, from an earlier batch of the same call
                List.of(old, a3, StoreData.failed(a)), // old was stored before the call; a is full since a2
                List.of());
        JdbcStore alone = stores().open("alone");
        try {
            StoreData.insert(alone, "c1");
            store.ingest(List.of(old));
            alone.ingest(List.of(old));
            List<IngestResult> together = store.ingestAll(batches);
            List<IngestResult> oneByOne = batches.stream().map(alone::ingest).toList();

            assertThat(together).extracting(IngestResult::stored, IngestResult::duplicates, IngestResult::setAside)
                    .isEqualTo(oneByOne.stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.stored(), r.duplicates(),
                            r.setAside())).toList());
            assertThat(together.get(3)).as("counts per cell are those after the whole call")
                    .isEqualTo(new IngestResult(2, 1, 2, Map.of(a.id(), 3)));
            assertThat(together.get(1).measuredCounts()).isEqualTo(Map.of(a.id(), 3, b.id(), 1));
            assertThat(store.samples("c1", 0, 100)).isEqualTo(alone.samples("c1", 0, 100));
            assertThat(store.query("SELECT sample_id FROM samples WHERE set_aside ORDER BY seq"))
                    .isEqualTo(alone.query("SELECT sample_id FROM samples WHERE set_aside ORDER BY seq"));
            assertThat(store.measuredCounts("c1")).isEqualTo(alone.measuredCounts("c1"));
        } finally {
            alone.close();
        }
    }

    @Test
    void manyCountersAreWrittenTogetherAndStayExact() {
        List<dev.fleetbench.coordinator.domain.placement.MachineView> fleet = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            fleet.add(dev.fleetbench.coordinator.testing.Machines.desktop("d" + i, Map.of()));
        }
        Matrix big = dev.fleetbench.coordinator.domain.matrix.MatrixExpander.expand("big", StoreData.spec(), fleet);
        store.insertCampaign(StoreData.campaign("big"), big.cells(), big.units());
        List<Cell> runnable = StoreData.runnable(big);
        assertThat(runnable).hasSizeGreaterThan(2 * JdbcStore.ROW_UPDATE_LIMIT).allMatch(c -> c.planned() == 3);
        for (int round = 1; round <= 4; round++) { // new counters, then staged updates, then set-aside
            List<Sample> batch = new ArrayList<>();
            runnable.forEach(c -> batch.add(StoreData.measured(c)));
            IngestResult r = store.ingest(batch);
            assertThat(r.setAside()).isEqualTo(round == 4 ? runnable.size() : 0);
            assertThat(r.measuredCounts().values()).containsOnly(Math.min(round, 3));
        }
        assertThat(store.measuredCounts("big").values()).containsOnly(0, 3);
        assertThat(store.query("SELECT count(*) FROM samples WHERE kind = 'measured' AND NOT set_aside AND campaign_id = 'big'"))
                .containsExactly(Integer.toString(3 * runnable.size()));
    }

    @Test
    void anEmptyBatchDoesNothing() {
        assertThat(store.ingest(List.of())).isEqualTo(new IngestResult(0, 0, 0, Map.of()));
        assertThat(store.ingestAll(List.of(List.of(), List.of()))).containsExactly(new IngestResult(0, 0, 0, Map.of()),
                new IngestResult(0, 0, 0, Map.of()));
    }

    @Test
    void readersOnOtherThreadsSeeCommittedBatchesWhileTheWriterWorks() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<Long>> readers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                readers.add(pool.submit(() -> {
                    long last = 0;
                    long reads = 0;
                    while (writing.get() || reads == 0) {
                        long n = store.sampleCount("c1");
                        assertThat(n).isGreaterThanOrEqualTo(last).isEqualTo(n / 10 * 10);
                        // a batch may commit between the two reads: never fewer rows than counted
                        assertThat(store.samples("c1", 0, 5)).hasSizeGreaterThanOrEqualTo((int) Math.min(5, n));
                        last = n;
                        reads++;
                    }
                    return reads;
                }));
            }
            for (int b = 0; b < 30; b++) {
                List<Sample> batch = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    batch.add(StoreData.warmup(cells.get(b % cells.size())));
                }
                store.ingest(batch);
            }
            writing.set(false);
            for (Future<Long> f : readers) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isPositive();
            }
            assertThat(store.sampleCount("c1")).isEqualTo(300);
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
    }
}
