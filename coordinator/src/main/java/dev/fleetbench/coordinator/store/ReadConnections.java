package dev.fleetbench.coordinator.store;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * A small pool of read connections, each a {@link DuckDBConnection#duplicate()} of the writer's connection (the same
 * database instance, its own transaction context). A JDBC connection serves one statement at a time, so every reading
 * thread borrows its own; readers see what the writer committed (DuckDB's MVCC), never its open transaction. Up to
 * {@code max} connections are made on demand; a reader finding none free waits. Each is in auto-commit mode, so every
 * query sees the newest commit. Thread-safe.
 */
final class ReadConnections implements AutoCloseable {

    private final DuckDBConnection origin;
    private final int max;
    private final Deque<DuckDBConnection> idle = new ArrayDeque<>();
    private final List<DuckDBConnection> all = new ArrayList<>();
    private boolean closed;

    ReadConnections(DuckDBConnection origin, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one read connection is needed, got " + max);
        }
        this.origin = origin;
        this.max = max;
    }

    /** A connection for this thread alone; give it back with {@link #release}. */
    synchronized DuckDBConnection borrow() throws SQLException {
        while (true) {
            if (closed) {
                throw new SQLException("the store is closed");
            }
            DuckDBConnection c = idle.pollFirst();
            if (c != null) {
                return c;
            }
            if (all.size() < max) {
                DuckDBConnection made = origin.duplicate();
                // a duplicate inherits the writer's manual-commit mode; in it, a reader's first query would open a
                // transaction that never ends, and the reader would see that snapshot forever
                made.setAutoCommit(true);
                all.add(made);
                return made;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for a read connection", e);
            }
        }
    }

    synchronized void release(DuckDBConnection c) {
        if (closed) {
            closeQuietly(c);
            return;
        }
        idle.addFirst(c);
        notifyAll();
    }

    /** Closes idle connections now and borrowed ones when they come back. */
    @Override
    public synchronized void close() {
        closed = true;
        for (DuckDBConnection c : idle) {
            closeQuietly(c);
        }
        idle.clear();
        notifyAll();
    }

    private static void closeQuietly(DuckDBConnection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do with it
        }
    }
}
