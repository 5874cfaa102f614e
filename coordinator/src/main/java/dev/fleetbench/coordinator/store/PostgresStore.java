package dev.fleetbench.coordinator.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * The coordinator's store on a PostgreSQL server, for labs that outgrow one host and for an active and a standby
 * coordinator: the same tables and the same rules as {@link DuckDbStore} (see {@link JdbcStore}), in the database and
 * schema the URL names ({@code ?currentSchema=} picks another schema than {@code public}).
 *
 * <p>Read connections are sessions of their own, each read one read-only transaction (a consistent snapshot, and what
 * lets the driver stream an export by fetch size). The writer is one session, and it is the session that holds the
 * {@linkplain WriterLock writer lock}: a session advisory lock keyed by the schema, which the server releases when the
 * session ends, so a killed coordinator frees it at once and a living one can never lose it without losing its writer
 * too. Once it holds the lock, the writer session ends itself after {@link #HOLDER_IDLE_LIMIT_MS} of idleness, so a
 * frozen or cut-off holder loses the lock as well. Nothing is written here before {@link #migrate()}, which the
 * coordinator calls only once it holds the lock.
 */
public final class PostgresStore extends JdbcStore implements WriterLock {

    /** Read connections made at most. */
    public static final int DEFAULT_READERS = 4;
    /** Seconds to wait for a TCP connection and for the login. */
    private static final int CONNECT_TIMEOUT_S = 5;
    private static final String LOCK_KEY = "hashtext('fleetbench-writer:' || current_schema())";
    /**
     * How long the holder's session may sit idle before the server ends it, and with it the lock. A living holder
     * checks its lock every second, so only a frozen or cut-off holder stays idle that long; without this limit such a
     * holder would keep the lock (and every standby waiting) until TCP keepalive gives up, hours later.
     */
    public static final int HOLDER_IDLE_LIMIT_MS = 6_000;

    private final PostgresUrl url;
    private boolean locked;

    private PostgresStore(PostgresUrl url, Connection writer, int readers, List<Migrations.Migration> migrations) {
        super(url.toString(), PostgresDialect.INSTANCE, writer, current -> {
            Connection c = session(url);
            c.setAutoCommit(false);
            c.setReadOnly(true);
            return c;
        }, readers, migrations);
        this.url = url;
    }

    /**
     * Connects without writing anything (a standby connects before it may write).
     *
     * @throws StoreException naming the server and the reason (refused, unknown database, authentication failed)
     */
    public static PostgresStore connect(PostgresUrl url) {
        return connect(url, DEFAULT_READERS, Migrations.fromClasspath(PostgresDialect.INSTANCE));
    }

    static PostgresStore connect(PostgresUrl url, int readers, List<Migrations.Migration> migrations) {
        Connection writer;
        try {
            writer = session(url);
        } catch (SQLException e) {
            throw new StoreException("cannot connect to the PostgreSQL store at " + url + ": " + e.getMessage(), e);
        }
        return new PostgresStore(url, writer, readers, migrations);
    }

    /** Connects, takes the writer lock and migrates: a store for one coordinator, or for tests. */
    public static PostgresStore open(PostgresUrl url) {
        PostgresStore store = connect(url);
        try {
            if (!store.tryLockWriter()) {
                throw new StoreException("another coordinator holds the writer lock of " + url, null);
            }
            store.migrate();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static Connection session(PostgresUrl url) throws SQLException {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("ApplicationName", "fleetbench-coordinator");
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_S));
        p.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_S));
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    public PostgresUrl url() {
        return url;
    }

    @Override
    public synchronized boolean tryLockWriter() {
        if (locked) {
            return holdsWriterLock();
        }
        locked = inWriteTransaction("taking the writer lock", c -> Reads.list(c,
                "SELECT pg_try_advisory_lock(" + LOCK_KEY + ")", List.of(), r -> r.getBoolean(1)).get(0));
        if (locked) {
            // idle_session_timeout exists from PostgreSQL 14 on; an older server keeps a frozen holder's lock longer
            inWriteTransaction("limiting the writer session's idle time", c -> {
                if (Reads.list(c, "SELECT current_setting('server_version_num')::int", List.of(), r -> r.getInt(1))
                        .get(0) >= 140_000) {
                    try (java.sql.Statement st = c.createStatement()) {
                        st.execute("SET idle_session_timeout = " + HOLDER_IDLE_LIMIT_MS);
                    }
                }
                return null;
            });
        }
        return locked;
    }

    /** The lock is the writer session's: held while that session answers (the driver never reconnects a session). */
    @Override
    public synchronized boolean holdsWriterLock() {
        if (!locked) {
            return false;
        }
        try {
            return inWriteTransaction("checking the writer session", c -> Reads.list(c, "SELECT count(*) FROM pg_locks"
                    + " WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted", List.of(),
                    r -> r.getLong(1)).get(0)) > 0;
        } catch (StoreException e) {
            return false;
        }
    }
}
