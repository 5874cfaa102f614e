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
    private static final int LATEST = Migrations.fromClasspath(DuckDbDialect.INSTANCE).stream()
            .mapToInt(Migrations.Migration::version).max().orElseThrow();

    @TempDir
    Path dir;

    @Test
    void aFreshFileGetsEverySchemaVersionAndAllTables() {
        try (DuckDbStore store = DuckDbStore.open(dir.resolve("fleetbench.duckdb"))) {
            assertThat(store.query("SELECT version || ' ' || description FROM schema_version ORDER BY version"))
                    .containsExactly("1 init", "2 ratings", "3 sample quality", "4 hardware profiles",
                    "5 device truth", "6 enrollments", "7 energy");
            assertThat(store.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'samples'"
                    + " AND column_name LIKE 'quality%' ORDER BY column_name")).containsExactly("quality_score",
                    "quality_verdict");
            assertThat(store.query("SELECT data_type FROM information_schema.columns WHERE table_name = 'samples'"
                    + " AND column_name = 'suspected_cpu_fallback'")).containsExactly("BOOLEAN");
            assertThat(store.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
                    + " ORDER BY table_name"))
                    .containsExactly("campaigns", "cell_counts", "cells", "enrollments", "hardware_profiles", "leases", "ratings", "samples", "schedules",
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
            assertThat(store.query("SELECT count(*) FROM schema_version")).containsExactly(
                    Integer.toString(Migrations.RESOURCES.size()));
            assertThat(store.campaigns()).hasSize(1);
        }
    }

    @Test
    void aSchemaNewerThanTheCodeIsRefusedWithAClearMessage() throws SQLException {
        Path file = dir.resolve("fleetbench.duckdb");
        DuckDbStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version VALUES (" + (LATEST + 1)
                    + ", 'from the future', TIMESTAMP '2030-01-01 00:00:00')");
        }
        assertThatThrownBy(() -> DuckDbStore.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema is at version " + (LATEST + 1) + ", newer than this coordinator knows ("
                        + LATEST + ")");
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
            assertThat(store.query("SELECT max(version) FROM schema_version")).containsExactly(
                    Integer.toString(LATEST + 1));
            assertThat(store.query("SELECT count(*) FROM schema_version")).containsExactly(
                    Integer.toString(Migrations.RESOURCES.size() + 1));
        }
    }

    @Test
    void aMigrationWithALowerNumberThatArrivesLaterIsStillApplied() {
        Path file = dir.resolve("fleetbench.duckdb");
        int newest = Migrations.fromClasspath(DuckDbDialect.INSTANCE).stream().mapToInt(Migrations.Migration::version)
                .max().orElseThrow();
        // at a version two above today's newest, with a gap below it (another line of work's number)
        List<Migrations.Migration> withGap = new ArrayList<>(Migrations.fromClasspath(DuckDbDialect.INSTANCE));
        withGap.add(new Migrations.Migration(newest + 2, "far", List.of("CREATE TABLE far (x INTEGER)")));
        new DuckDbStore(file, 1, withGap).close();
        try (DuckDbStore store = new DuckDbStore(file, 1, withGap)) {
            store.migrate();
        }
        List<Migrations.Migration> filled = new ArrayList<>(withGap);
        filled.add(filled.size() - 1, new Migrations.Migration(newest + 1, "arrived later",
                List.of("CREATE TABLE later (x INTEGER)")));
        try (DuckDbStore store = new DuckDbStore(file, 1, filled)) {
            store.migrate();
            assertThat(store.query("SELECT version || ' ' || description FROM schema_version WHERE version > "
                    + newest + " ORDER BY version")).containsExactly((newest + 1) + " arrived later", (newest + 2) + " far");
            assertThat(store.query("SELECT count(*) FROM later")).containsExactly("0");
        }
    }

    @Test
    void workersStoredBeforeEnrollmentAreApprovedByTheMigration() throws SQLException {
        Path file = dir.resolve("fleetbench.duckdb");
        List<Migrations.Migration> beforeEnrollments = Migrations.fromClasspath(DuckDbDialect.INSTANCE).stream()
                .filter(m -> m.version() != 6).toList(); // every migration but enrollments
        try (DuckDbStore store = new DuckDbStore(file, 1, beforeEnrollments)) {
            store.migrate();
            store.upsertWorker(StoreContractTest.registration("w-old", "0.1.0"),
                    java.time.Instant.parse("2024-05-01T10:00:00Z"));
        }
        try (DuckDbStore store = DuckDbStore.open(file)) {
            assertThat(store.enrollments()).singleElement().satisfies(e -> {
                assertThat(e.workerId()).isEqualTo("w-old");
                assertThat(e.state()).isEqualTo(dev.fleetbench.coordinator.domain.fleet.Enrollment.State.APPROVED);
                assertThat(e.approvedProfile()).as("filled from the registration at start").isNull();
            });
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
            // Increasing, with gaps allowed (a number taken by another line of work), starting at 1.
            assertThat(Migrations.load(folder + "/" + files.get(0)).version()).isEqualTo(1);
            for (int i = 1; i < files.size(); i++) {
                assertThat(Migrations.load(folder + "/" + files.get(i)).version())
                        .isGreaterThan(Migrations.load(folder + "/" + files.get(i - 1)).version());
            }
        }
    }

    private static int version(String resource) {
        return Migrations.load(resource).version();
    }
}
