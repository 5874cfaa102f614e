package dev.fleetbench.coordinator.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** What every store contract test has: the stores of the database under test, and a folder for DuckDB files. */
abstract class StoreTestBase {

    @TempDir
    Path dir;

    /** The stores of the database under test. */
    abstract Stores stores();
}
