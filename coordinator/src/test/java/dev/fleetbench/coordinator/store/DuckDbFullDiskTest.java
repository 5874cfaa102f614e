package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetbench.common.model.Sample;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.testing.SmallVolume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's volume fills up: on a real 8 MiB tmpfs volume (mounted by the test; it needs root, and says so when it
 * cannot mount), DuckDB's commit fails with "No space left on device". No failed batch may be partly stored, the store
 * keeps serving reads, and once space is freed the same store (no restart) stores the refused batches exactly once.
 */
@Timeout(180)
class DuckDbFullDiskTest {

    @TempDir
    Path dir;
    private SmallVolume volume;

    @BeforeEach
    void mount() throws Exception {
        StringBuilder why = new StringBuilder();
        volume = SmallVolume.mount(dir.resolve("volume"), 8, why);
        assumeTrue(volume != null, why::toString);
    }

    @AfterEach
    void unmount() throws Exception {
        if (volume != null) {
            volume.close();
        }
    }

    private static List<Sample> batch(Cell cell, int from, int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(StoreData.rich(String.format("s-%06d", i), cell, 1_000_000L + i));
        }
        return out;
    }

    @Test
    void aFullVolumeRefusesWholeBatchesAndTheSameStoreTakesThemOnceSpaceIsBack() throws Exception {
        Path file = volume.dir().resolve("fleetbench.duckdb");
        Set<String> acknowledged = new LinkedHashSet<>();
        List<List<Sample>> refused = new ArrayList<>();
        int next = 0;
        try (DuckDbStore store = DuckDbStore.open(file)) {
            Cell cell = StoreData.runnable(StoreData.insert(store, "c1")).get(0);
            volume.fill(1024 * 1024); // a few hundred samples fit, then the WAL cannot grow
            String failure = null;
            for (int round = 0; round < 400 && refused.size() < 3; round++) {
                List<Sample> b = batch(cell, next, 50);
                next += 50;
                try {
                    IngestResult r = store.ingest(b);
                    assertThat(r.stored()).as("a fresh batch is taken whole").isEqualTo(b.size());
                    b.forEach(s -> acknowledged.add(s.id()));
                } catch (StoreException e) {
                    failure = failure == null ? e.getMessage() : failure;
                    refused.add(b);
                }
            }
            assertThat(refused).as("the volume filled up within %,d samples", next).isNotEmpty();
            assertThat(failure).contains("No space left on device");
            assertThat(store.sampleCount("c1")).as("reads still work, and no refused batch is partly stored")
                    .isEqualTo(acknowledged.size());
            assertThat(store.reopens()).as("the database was reopened after each failed commit")
                    .isEqualTo(refused.size());

            volume.free(); // the operator frees space; the coordinator is not restarted
            for (List<Sample> b : refused) {
                IngestResult r = store.ingest(b);
                assertThat(r.duplicates()).as("nothing of a refused batch was stored before").isZero();
                b.forEach(s -> acknowledged.add(s.id()));
            }
            for (List<Sample> b : refused) {
                assertThat(store.ingest(b).duplicates()).as("a second resend is all duplicates").isEqualTo(b.size());
            }
            assertThat(store.sampleCount("c1")).isEqualTo(acknowledged.size());
        }
        try (JdbcStore reopened = DuckDbStore.open(file)) {
            List<String> ids = reopened.samples("c1", 0, acknowledged.size() + 10).stream().map(Sample::id).toList();
            assertThat(ids).as("after a reopen: every acknowledged sample, each once").hasSize(acknowledged.size())
                    .containsExactlyInAnyOrderElementsOf(acknowledged);
        }
    }
}
