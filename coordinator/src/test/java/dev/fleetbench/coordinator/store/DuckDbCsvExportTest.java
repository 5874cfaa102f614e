package dev.fleetbench.coordinator.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbCsvExportTest extends CsvExportContractTest {

    @TempDir
    Path dir;

    @Override
    Stores stores() {
        return Stores.duckDb(dir);
    }
}
