package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    /** The newest schema version the code knows. */
    private static final int LATEST = Migrations.fromClasspath(DuckDbDialect.INSTANCE).size();

    @TempDir
    Path dir;

    @Test
    void aFreshFileGetsEverySchemaVersionAndAllTables() {
        try (DuckDbStore store = DuckDbStore.open(dir.resolve("fleetbench.duckdb"))) {
            assertThat(store.query("SELECT version || ' ' || description FROM schema_version ORDER BY version"))
                    .containsExactly("1 init", "2 ratings", "3 sample quality", "4 hardware profiles",
                    "5 device truth", "6 energy");
            assertThat(store.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'samples'"
                    + " AND column_name LIKE 'quality%' ORDER BY column_name")).containsExactly("quality_score",
                    "quality_verdict");
            assertThat(store.query("SELECT data_type FROM information_schema.columns WHERE table_name = 'samples'"
                    + " AND column_name = 'suspected_cpu_fallback'")).containsExactly("BOOLEAN");
            assertThat(store.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
                    + " ORDER BY table_name"))
                    .containsExactly("campaigns", "cell_counts", "cells", "hardware_profiles", "leases", "ratings", "samples", "schedules",
                            "schema_version", "units", "workers");
        }
    }

    @Test
    void migratingAgainAndReopeningChangesNothing() {
        Path file = dir.resolve("fleetbench.duckdb");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            StoreData.insert(store, "c1");
            store.migrate();
            store.migrate();
        }
        try (DuckDbStore store = DuckDbStore.open(file)) {
            assertThat(store.query("SELECT count(*) FROM schema_version")).containsExactly(Integer.toString(LATEST));
            assertThat(store.campaigns()).hasSize(1);
        }
    }

    @Test
    void aSchemaNewerThanTheCodeIsRefusedWithAClearMessage() throws SQLException {
        Path file = dir.resolve("fleetbench.duckdb");
        DuckDbStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version VALUES (7, 'from the future', TIMESTAMP '2030-01-01 00:00:00')");
        }
        assertThatThrownBy(() -> DuckDbStore.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema is at version 7, newer than this coordinator knows (" + LATEST + ")");
    }

    @Test
    void aFailingMigrationIsRolledBackAndTheVersionStays() {
        Path file = dir.resolve("fleetbench.duckdb");
        List<Migrations.Migration> withBroken = new ArrayList<>(Migrations.fromClasspath(DuckDbDialect.INSTANCE));
        withBroken.add(new Migrations.Migration(LATEST + 1, "broken", List.of(
                "CREATE TABLE half_done (x INTEGER)", "ALTER TABLE no_such_table ADD COLUMN y INTEGER")));
        try (DuckDbStore store = new DuckDbStore(file, LATEST + 1, withBroken)) {
            assertThatThrownBy(store::migrate)
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("migration V" + (LATEST + 1) + " (broken) failed and was rolled back")
                    .hasMessageContaining("stays at version " + LATEST);
            assertThat(store.query("SELECT max(version) FROM schema_version")).containsExactly(Integer.toString(LATEST));
            assertThat(store.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'"))
                    .containsExactly("0");
            // the store still works at version 1
            StoreData.insert(store, "c1");
            assertThat(store.campaign("c1")).isPresent();
        }
    }

    @Test
    void aLaterMigrationIsAppliedOnTopOfAnExistingFile() {
        Path file = dir.resolve("fleetbench.duckdb");
        DuckDbStore.open(file).close();
        List<Migrations.Migration> next = new ArrayList<>(Migrations.fromClasspath(DuckDbDialect.INSTANCE));
        next.add(new Migrations.Migration(LATEST + 1, "labels", List.of("CREATE TABLE labels (name TEXT PRIMARY KEY)")));
        try (DuckDbStore store = new DuckDbStore(file, LATEST + 1, next)) {
            store.migrate();
            assertThat(store.query("SELECT version FROM schema_version ORDER BY version")).containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, LATEST + 1).mapToObj(Integer::toString).toList());
        }
    }

    @Test
    void scriptsAreSplitAtSemicolonsThatEndALine() {
        assertThat(Migrations.split("""
                -- a comment; with a semicolon;
                CREATE TABLE a (
                    x TEXT -- trailing
                );

                INSERT INTO a VALUES ('1;2');
                SELECT 1""")).containsExactly("CREATE TABLE a (\n    x TEXT -- trailing\n)",
                "INSERT INTO a VALUES ('1;2')", "SELECT 1");
    }

    @Test
    void everyScriptOfEitherDatabaseIsListedInOrderInOneVersionSequence() throws IOException {
        for (SqlDialect dialect : List.of(DuckDbDialect.INSTANCE, PostgresDialect.INSTANCE)) {
            String folder = dialect.migrationsFolder();
            List<String> files;
            try (Stream<Path> s = Files.list(Path.of("src/main/resources", folder))) {
                files = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                        .sorted((a, b) -> Integer.compare(version(folder + "/" + a), version(folder + "/" + b)))
                        .toList();
            }
            assertThat(Migrations.RESOURCES).as(folder).isEqualTo(files);
            for (int i = 0; i < files.size(); i++) {
                assertThat(Migrations.load(folder + "/" + files.get(i)).version()).isEqualTo(i + 1);
            }
        }
    }

    private static int version(String resource) {
        return Migrations.load(resource).version();
    }
}
