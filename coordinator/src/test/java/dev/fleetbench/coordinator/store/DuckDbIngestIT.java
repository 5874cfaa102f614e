package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.Sample;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract on DuckDB, and its duplicate check by start-time range first. */
class DuckDbIngestIT extends IngestContractTest {

    @Override
    Stores stores() {
        return Stores.duckDb(dir);
    }

    @Test
    void anHonestResendIsFoundByTheFastCheck() {
        Cell a = cells.get(0);
        List<Sample> batch = new ArrayList<>(measured(a, 2));
        store.ingest(batch);
        assertThat(store.ingest(batch).duplicates()).isEqualTo(2);
        assertThat(store.fullChecks()).isZero();
    }

    @Test
    void anIdStoredWithAnotherStartTimeNeedsTheFullCheckOnce() {
        Cell a = cells.get(0);
        store.ingest(List.of(StoreData.rich("same-id", a, 1_000L)));
        // the fast check (start times 999,000..999,999) misses it, the primary key refuses it, the full check finds it
        assertThat(store.ingest(List.of(StoreData.rich("fresh", a, 999_000L), StoreData.rich("same-id", a, 999_999L))))
                .isEqualTo(new IngestResult(1, 1, 0, Map.of(a.id(), 2)));
        assertThat(store.fullChecks()).isEqualTo(1);
    }
}
