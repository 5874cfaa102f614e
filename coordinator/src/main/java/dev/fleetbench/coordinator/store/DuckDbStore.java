package dev.fleetbench.coordinator.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * The coordinator's store in one DuckDB file ({@code jdbc:duckdb:/path/fleetbench.duckdb}), the default: durable once
 * a method returns (DuckDB writes its WAL on commit), schema by versioned {@link Migrations}. Read connections are
 * duplicates of the writer's connection (the same database instance, each its own transaction context), in
 * auto-commit mode so that every query sees the newest commit. One process owns the file (DuckDB locks it).
 */
public final class DuckDbStore extends JdbcStore {

    /** Read connections made at most. */
    public static final int DEFAULT_READERS = 4;

    private final Path file;

    /** Opens (or creates) the file; call {@link #migrate()} before anything else. */
    public DuckDbStore(Path file) {
        this(file, DEFAULT_READERS, Migrations.fromClasspath(DuckDbDialect.INSTANCE));
    }

    DuckDbStore(Path file, int readers, List<Migrations.Migration> migrations) {
        this(file.toAbsolutePath(), connect(file.toAbsolutePath()), readers, migrations);
    }

    private DuckDbStore(Path file, DuckDBConnection writer, int readers, List<Migrations.Migration> migrations) {
        super(file.toString(), DuckDbDialect.INSTANCE, writer, current -> {
            DuckDBConnection made = ((DuckDBConnection) current).duplicate();
            // a duplicate inherits the writer's manual-commit mode; in it, a reader's first query would open a
            // transaction that never ends, and the reader would see that snapshot forever
            made.setAutoCommit(true);
            return made;
        }, readers, migrations);
        this.file = file;
    }

    private static DuckDBConnection connect(Path file) {
        try {
            return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens (or creates) the file and migrates it. */
    public static DuckDbStore open(Path file) {
        DuckDbStore store = new DuckDbStore(file);
        try {
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    @Override
    protected boolean reopensAfterFailedCommit() {
        return true;
    }

    @Override
    protected Connection reopen() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + file);
    }

    public Path file() {
        return file;
    }

    /**
     * A new connection to this very database instance (same buffer pool, same settings), for a benchmark that runs
     * SQL directly beside the store's own calls. The caller closes it.
     */
    Connection duplicateConnection() throws SQLException {
        ensureOpen();
        return ((DuckDBConnection) writer).duplicate();
    }
}
