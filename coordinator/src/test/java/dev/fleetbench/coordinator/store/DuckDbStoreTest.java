package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.Matrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract on DuckDB, and its columns read back with DuckDB's own SQL. */
class DuckDbStoreTest extends StoreContractTest {

    @Override
    Stores stores() {
        return Stores.duckDb(dir);
    }

    @Test
    void sampleMetricsAndProvenanceAreRealColumns() {
        Matrix m = StoreData.insert(store, "c1");
        Cell cell = StoreData.runnable(m).get(0);
        Sample rich = StoreData.rich("r-1", cell, 1_700_000_000_123L);
        Sample failed = StoreData.failed(cell);
        store.ingest(List.of(rich, failed));

        assertThat(store.query("SELECT concat_ws('|', kind, status, set_aside, started_at_ms, ttft_ms, tpot_ms,"
                + " e2e_ms, decode_tps, prefill_tps, n_in, n_out, model, prompt_id, cell_id, campaign_id, worker_id,"
                + " engine, engine_version, execution_provider, device_type, hardware_profile_hash,"
                + " prompt_set_version, power_source) FROM samples WHERE sample_id = 'r-1'"))
                .containsExactly(String.join("|", "measured", "ok", "false", "1700000000123",
                        String.valueOf(rich.ttftMs()), String.valueOf(rich.tpotMs()), String.valueOf(rich.e2eMs()),
                        String.valueOf(rich.decodeTps()), String.valueOf(rich.prefillTps()), "42",
                        String.valueOf(rich.nOut()), rich.model(), rich.promptId(), cell.id(), "c1", cell.workerId(),
                        "embedded", "llama.cpp b4916 (de.kherud:llama 4.1.0)", "llama.cpp-cpu", "CPU",
                        Fixtures.intelDesktop().profileHash(), "5c3f0e9a1d2b", "ac"));
        assertThat(store.query("SELECT failure_code || ' ' || status FROM samples WHERE sample_id = '"
                + failed.id() + "'")).containsExactly(FailureCode.TIMEOUT.name() + " failed");
        // the aggregation of the next issue: quantiles straight from the columns
        assertThat(store.query("SELECT quantile_cont(ttft_ms, 0.5) FROM samples WHERE ttft_ms IS NOT NULL"))
                .containsExactly(String.valueOf(rich.ttftMs()));
    }
}
