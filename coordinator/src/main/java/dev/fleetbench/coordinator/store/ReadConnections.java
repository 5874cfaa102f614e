package dev.fleetbench.coordinator.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A small pool of read connections made on demand by an {@link Opener} (DuckDB: duplicates of the writer's
 * connection, the same database instance; PostgreSQL: new sessions). A JDBC connection serves one statement at a time,
 * so every reading thread borrows its own; readers see what the writer committed, never its open transaction. Up to
 * {@code max} connections are made; a reader finding none free waits. A connection given back as broken is closed and
 * replaced on demand. Thread-safe.
 */
final class ReadConnections implements AutoCloseable {

    /** Makes one read connection, set up for reading (auto-commit, or read-only transactions the store ends). */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final int max;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final List<Connection> all = new ArrayList<>();
    private boolean closed;

    ReadConnections(Opener opener, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one read connection is needed, got " + max);
        }
        this.opener = opener;
        this.max = max;
    }

    /** A connection for this thread alone; give it back with {@link #release}. */
    synchronized Connection borrow() throws SQLException {
        while (true) {
            if (closed) {
                throw new SQLException("the store is closed");
            }
            Connection c = idle.pollFirst();
            if (c != null) {
                return c;
            }
            if (all.size() < max) {
                Connection made = opener.open();
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

    /** Gives a connection back; a broken one (its server went away) is closed and forgotten. */
    synchronized void release(Connection c, boolean broken) {
        if (closed || broken) {
            all.remove(c);
            closeQuietly(c);
        } else {
            idle.addFirst(c);
        }
        notifyAll();
    }

    /** Closes idle connections now and borrowed ones when they come back. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Connection c : idle) {
            closeQuietly(c);
        }
        idle.clear();
        notifyAll();
    }

    /**
     * Closes every connection, waiting up to {@code limit} for borrowed ones to come back (a database about to be
     * reopened must have no connection left open); a connection still out then is closed when it comes back.
     */
    synchronized void closeAndAwait(java.time.Duration limit) {
        close();
        long end = System.nanoTime() + limit.toNanos();
        while (!all.isEmpty()) {
            all.removeIf(c -> {
                try {
                    return c.isClosed();
                } catch (SQLException e) {
                    return true;
                }
            });
            long left = end - System.nanoTime();
            if (all.isEmpty() || left <= 0) {
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do with it
        }
    }
}
