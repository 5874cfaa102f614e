package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.export.SampleCsv;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

abstract class CsvExportContractTest extends StoreTestBase {


    @Test
    void theExportIsTheCsvOfTheSamplesInInsertionOrder() throws IOException {
        try (JdbcStore store = stores().open("fleetbench")) {
            List<Cell> cells = StoreData.runnable(StoreData.insert(store, "c1"));
            StoreData.insert(store, "c2");
            List<Sample> expected = new ArrayList<>();
            for (int b = 0; b < 30; b++) {
                List<Sample> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    Cell cell = cells.get((b + i) % cells.size());
                    batch.add(switch (i % 4) {
                        case 0 -> StoreData.rich("x-" + b + "-" + i, cell, 1_700_000_000_000L - b);
                        case 1 -> StoreData.warmup(cell);
                        case 2 -> StoreData.failed(cell);
                        default -> StoreData.measured(cell);
                    });
                }
                store.ingest(batch);
                store.ingest(batch.subList(0, 10)); // resent: no second row
                expected.addAll(batch);
            }
            store.ingest(List.of(StoreData.measured(StoreData.runnable(StoreData.matrix("c2")).get(0))));

            StringWriter out = new StringWriter();
            store.exportCsv("c1", out);
            assertThat(out.toString()).isEqualTo(SampleCsv.write(expected));

            StringWriter none = new StringWriter();
            store.exportCsv("nothing", none);
            assertThat(none.toString()).isEqualTo(SampleCsv.header());
        }
    }
}
