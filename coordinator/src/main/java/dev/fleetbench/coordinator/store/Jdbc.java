package dev.fleetbench.coordinator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.duckdb.DuckDBAppender;

/** Small JDBC helpers: nullable parameters, instants as UTC timestamps, appenders that never fail silently. */
final class Jdbc {

    private Jdbc() {
    }

    /** Instants are stored as TIMESTAMP in UTC, with the microsecond precision of SQL timestamps. */
    static void setInstant(PreparedStatement p, int index, Instant value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.TIMESTAMP);
        } else {
            p.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    static Instant getInstant(ResultSet r, String column) throws SQLException {
        LocalDateTime t = r.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    static void setString(PreparedStatement p, int index, String value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.VARCHAR);
        } else {
            p.setString(index, value);
        }
    }

    /** Rows for an appender; may throw SQLException. */
    @FunctionalInterface
    interface Rows {
        void appendTo(DuckDBAppender a) throws SQLException;
    }

    /**
     * Appends rows and flushes explicitly. DuckDB checks constraints only when the appender flushes, and
     * {@code DuckDBAppender.close()} (JDBC 1.4.4) swallows a flush error while the transaction becomes aborted, after
     * which {@code commit()} returns without error and without effect. Flushing first makes the error visible.
     * The connection's transaction must already be open: an appender does not begin one in JDBC's manual-commit mode.
     */
    static void appendAll(org.duckdb.DuckDBConnection c, String catalog, String schema, String table, Rows rows)
            throws SQLException {
        try (DuckDBAppender a = c.createAppender(catalog, schema, table)) {
            rows.appendTo(a);
            a.flush();
        }
    }

    /** Begins a transaction on a manual-commit DuckDB connection (the driver begins one at the first statement). */
    static void begin(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** "?, ?, ?" for an IN list of n values. */
    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** Splits values into chunks of at most size (IN lists stay short). */
    static <T> List<List<T>> chunks(Collection<T> values, int size) {
        List<T> all = List.copyOf(values);
        List<List<T>> out = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }
}
