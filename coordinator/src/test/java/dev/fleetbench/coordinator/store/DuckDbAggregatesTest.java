package dev.fleetbench.coordinator.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DuckDbAggregatesTest extends AggregatesContractTest {

    @TempDir
    Path dir;

    @Override
    Stores stores() {
        return Stores.duckDb(dir);
    }
}
