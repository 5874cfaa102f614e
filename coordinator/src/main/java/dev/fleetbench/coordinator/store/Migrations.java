package dev.fleetbench.coordinator.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned schema migrations: SQL scripts {@code <folder>/V<n>__<description>.sql} on the classpath ({@code db} for
 * DuckDB, {@code db/postgresql} for PostgreSQL), applied in order,
 * each in its own transaction together with its row in {@code schema_version}. The list of scripts is
 * {@link #RESOURCES} (a jar cannot be listed portably); a test checks that it names every script in the folder.
 *
 * <p>A script is split into statements at a semicolon that ends a line; keep semicolons out of string literals at line
 * ends. A database whose schema is newer than the newest script is refused: an older coordinator must not write
 * into tables it does not know.
 */
final class Migrations {

    /**
     * Every migration script, oldest first, by name: each database has its own folder with a script of every name
     * ({@link SqlDialect#migrationsFolder()}), so both go through one version sequence. Add new ones at the end, to
     * every folder; never edit one that has been released. Numbers increase but may leave a gap for a number another
     * line of work has taken; a migration that arrives later with the lower number is still applied.
     */
    static final List<String> RESOURCES = List.of("V1__init.sql", "V2__ratings.sql", "V3__sample_quality.sql",
            "V4__hardware_profiles.sql", "V5__device_truth.sql", "V6__enrollments.sql", "V7__energy.sql");

    private static final Pattern NAME = Pattern.compile("(?:.*/)?V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    /** One script: its version, a description from its name, and its statements. */
    record Migration(int version, String description, List<String> statements) {
    }

    /**
     * Work in Java that a migration needs beyond its SQL (classifying the stored registrations, which SQL cannot), run
     * after the migration's statements in its transaction, so the version is recorded only together with it.
     */
    interface Step {
        void run(Connection c, Instant now) throws SQLException;
    }

    private Migrations() {
    }

    /** The migrations of {@link #RESOURCES} for a database. */
    static List<Migration> fromClasspath(SqlDialect dialect) {
        List<Migration> out = new ArrayList<>();
        for (String resource : RESOURCES) {
            out.add(load(dialect.migrationsFolder() + "/" + resource));
        }
        return out;
    }

    static Migration load(String resource) {
        Matcher m = NAME.matcher(resource);
        if (!m.matches()) {
            throw new IllegalArgumentException("migration '" + resource + "' is not named V<n>__<description>.sql");
        }
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration '" + resource + "' is not on the classpath");
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), split(sql));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration '" + resource + "'", e);
        }
    }

    /** Statements of a script: "--" comment lines dropped, split at a semicolon that ends a line. */
    static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /**
     * Brings the schema up to the newest migration. The connection must not be in auto-commit mode; every migration
     * is committed on its own, so a failure leaves the schema at the last complete version.
     *
     * @return the versions applied now (empty when the schema was up to date)
     * @throws StoreException when the schema is newer than the newest migration, or a migration fails
     */
    static List<Integer> apply(Connection c, List<Migration> migrations, Instant now) {
        return apply(c, migrations, now, Map.of());
    }

    /**
     * {@link #apply(Connection, List, Instant)} with the Java steps of some migrations, by their description (by
     * name rather than number, so that renumbering a script keeps its step).
     */
    static List<Integer> apply(Connection c, List<Migration> migrations, Instant now, Map<String, Step> steps) {
        int newest = migrations.stream().mapToInt(Migration::version).max().orElse(0);
        List<Integer> applied = new ArrayList<>();
        java.util.Set<Integer> done;
        try {
            currentVersion(c);
            done = new java.util.HashSet<>(Reads.list(c, "SELECT version FROM schema_version", List.of(), r -> r.getInt(1)));
            c.commit();
        } catch (SQLException e) {
            Jdbc.rollbackQuietly(c, e);
            throw new StoreException("cannot read the schema version: " + e.getMessage(), e);
        }
        int current = done.stream().mapToInt(Integer::intValue).max().orElse(0);
        if (current > newest) {
            throw new StoreException("the database schema is at version " + current + ", newer than this coordinator "
                    + "knows (" + newest + "); use a coordinator of that version or newer", null);
        }
        // Every migration not recorded yet, in order, rather than only those above the newest recorded: numbers are
        // taken by parallel lines of work, so a lower number can arrive after a higher one was applied.
        for (Migration m : migrations) {
            if (done.contains(m.version())) {
                continue;
            }
            try (Statement s = c.createStatement()) {
                for (String statement : m.statements()) {
                    s.execute(statement);
                }
                Step step = steps.get(m.description());
                if (step != null) {
                    step.run(c, now);
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.description());
                    Jdbc.setInstant(p, 3, now);
                    p.executeUpdate();
                }
                c.commit();
                applied.add(m.version());
            } catch (SQLException | RuntimeException e) {
                Jdbc.rollbackQuietly(c, e);
                throw new StoreException("migration V" + m.version() + " (" + m.description() + ") failed and was "
                        + "rolled back; the schema stays at version " + current + ": " + e.getMessage(), e);
            }
            current = Math.max(current, m.version());
        }
        return applied;
    }

    /** The newest applied version, 0 for a new database; creates {@code schema_version} when missing. */
    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
                    + " applied_at TIMESTAMP NOT NULL)");
            try (ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
