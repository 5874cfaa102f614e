package dev.fleetbench.coordinator.store;

import dev.fleetbench.coordinator.testing.PostgresServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens migrated stores of one kind for the contract tests, which run the same assertions against both: the same name
 * gives the same database (a DuckDB file in the test's folder, a PostgreSQL schema of the shared test server).
 */
interface Stores {

    /** Opens (creating if new) and migrates the store of that name. */
    JdbcStore open(String name);

    /** A new name starts from a copy of a file migrated once ({@link MigratedDuckDb}). */
    static Stores duckDb(Path dir) {
        return name -> {
            Path file = dir.resolve(name + ".duckdb");
            MigratedDuckDb.copyTo(file);
            return DuckDbStore.open(file);
        };
    }

    /** Schemas new to this instance: each test method gets its own. */
    static Stores postgres() {
        PostgresServer server = PostgresServer.shared();
        Map<String, PostgresUrl> schemas = new HashMap<>();
        return name -> PostgresStore.open(schemas.computeIfAbsent(name, server::freshSchema));
    }
}
