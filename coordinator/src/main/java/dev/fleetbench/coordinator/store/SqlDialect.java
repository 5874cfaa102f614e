package dev.fleetbench.coordinator.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the store's two databases: bulk inserts, the percentile and list aggregates, JSON access, where
 * the tables live and whether one process owns the database. Everything else (tables, keys, the order of writes, the
 * exactly-once rules) is the same SQL on both and lives in {@link JdbcStore}, {@link Writes}, {@link SampleIngest},
 * {@link Aggregates} and {@link Results}. Implementations are stateless and thread-safe.
 */
interface SqlDialect {

    /** One row of values in column order: String, Integer, Long, Double, Boolean, {@link java.time.Instant} or null. */
    @FunctionalInterface
    interface RowSink {
        void row(Object... values) throws SQLException;
    }

    /** The rows of one bulk insert, handed to a sink one by one. */
    @FunctionalInterface
    interface Rows {
        void each(RowSink sink) throws SQLException;
    }

    /** "duckdb" or "postgresql", for messages. */
    String name();

    /** The classpath folder of this database's migration scripts (the same versions and names in each folder). */
    String migrationsFolder();

    /** The condition on information_schema.columns that selects the store's own tables. */
    String ownSchema();

    /**
     * True when one process owns the database (an embedded file): that process may keep the last sample sequence
     * number in memory and check duplicates by start-time range first. False for a server several coordinators share.
     */
    boolean singleProcess();

    /**
     * Inserts rows inside the caller's transaction and returns how many were inserted. With {@code skipExisting} a row
     * whose primary key is stored already is skipped instead of failing the statement where the database can do so
     * (PostgreSQL); the caller compares the count with what it sent.
     */
    long insert(Connection c, String table, boolean temporary, List<String> columns, boolean skipExisting, Rows rows)
            throws SQLException;

    /** An aggregate: the continuous percentiles of {@code column} at the fractions, as an array, over rows passing filter. */
    String percentilesCont(String column, List<Double> fractions, String filter);

    /** An aggregate: the discrete percentiles (value at position ceil(q·n)) at the fractions, as an array. */
    String percentilesDisc(String column, List<Double> fractions, String filter);

    /** An aggregate: the values of a numeric expression over rows passing filter, sorted ascending, as an array. */
    String sortedValues(String expression, String filter);

    /** An aggregate: the distinct values of a text expression sorted by code point (nulls kept), as an array. */
    String sortedDistinctText(String expression);

    /** The text at a path of keys inside a JSON text column, null when missing. */
    String jsonText(String column, String... path);
}
