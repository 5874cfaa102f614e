package dev.fleetbench.coordinator.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A DuckDB file migrated once per test JVM and copied for each test that wants a new store: migrating every schema
 * version is most of the cost of opening a new store, and the contract tests open one per test method. The copy is
 * opened (and so migrated) like any file: the migration finds nothing to do, and a test still gets a store of its own.
 */
final class MigratedDuckDb {

    private static Path template;

    private MigratedDuckDb() {
    }

    /** Copies the migrated file to {@code file} unless it exists already (the same name opened again). */
    static synchronized void copyTo(Path file) {
        if (Files.exists(file)) {
            return;
        }
        try {
            if (template == null) {
                Path dir = Files.createTempDirectory("fleetbench-migrated");
                Path t = dir.resolve("template.duckdb");
                DuckDbStore.open(t).close(); // closing checkpoints the WAL into the file: the file alone is complete
                dir.toFile().deleteOnExit();
                t.toFile().deleteOnExit();
                template = t;
            }
            Files.copy(template, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
