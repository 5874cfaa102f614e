package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.export.SampleCsv;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.coordinator.domain.fleet.Enrollment;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import dev.fleetbench.coordinator.domain.matrix.LeaseUnit;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.GroupKey;
import dev.fleetbench.coordinator.domain.results.GroupSamples;
import dev.fleetbench.coordinator.domain.results.GroupValues;
import dev.fleetbench.coordinator.domain.results.RatingRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store over JDBC, the same for both databases: {@link DuckDbStore} (one embedded file, the default) and
 * {@link PostgresStore} (a server, for labs that outgrow one host). What differs is in {@link SqlDialect}.
 *
 * <p><b>Threads.</b> Writes go through one connection in manual-commit mode, guarded by a lock, so writes are
 * serialised even if callers break the one-writer rule; each write method is one transaction, rolled back on any
 * failure. Reads borrow a connection from {@link ReadConnections} (one per reading thread at a time) and see the last
 * committed state; they never wait for the writer. Every method blocks: call it from a worker thread, never an event
 * loop.
 *
 * <p>Call {@link #migrate()} once after opening.
 */
abstract class JdbcStore implements CoordinatorStore {

    /** At or below this many cells, {@link #updateCells} updates row by row (key lookups); above, in one join. */
    static final int ROW_UPDATE_LIMIT = 64;

    /** What the store is, for messages: a file path or a URL without credentials. */
    private final String where;
    private final SqlDialect dialect;
    private final List<Migrations.Migration> migrations;
    private final ReentrantLock writeLock = new ReentrantLock();
    /**
     * The one connection that writes. Guarded by writeLock; replaced only after a failed commit on a database that must
     * be reopened then ({@link #reopensAfterFailedCommit}), and null while such a reopen has not succeeded yet.
     */
    protected volatile Connection writer;
    /** Makes read connections, given the writer of the moment (DuckDB duplicates it). */
    private final ReaderOpener readerOpener;
    private final int maxReaders;
    private volatile ReadConnections readers;
    /** Times the database was reopened after a failed commit (for tests and diagnostics). Guarded by writeLock. */
    private int reopens;
    /** Last sample sequence number committed; -1 until read (kept only by a single-process store). Guarded by writeLock. */
    private long lastSeq = -1;
    /** Batches that needed the full duplicate check (an id stored with another start time). Guarded by writeLock. */
    private long fullChecks;
    private volatile boolean closed;

    /**
     * Takes over an open writer connection (closed here if preparing it fails) and makes read connections with
     * {@code readers}.
     */
    JdbcStore(String where, SqlDialect dialect, Connection writer, ReaderOpener readers, int maxReaders,
              List<Migrations.Migration> migrations) {
        this.where = where;
        this.dialect = dialect;
        this.migrations = List.copyOf(migrations);
        this.writer = writer;
        this.readerOpener = readers;
        this.maxReaders = maxReaders;
        try {
            prepare(writer);
        } catch (SQLException e) {
            closeQuietly();
            throw new StoreException("cannot prepare the store " + where + ": " + e.getMessage(), e);
        }
        this.readers = newReaders();
    }

    /** Makes one read connection, set up for reading, from the writer of the moment. */
    @FunctionalInterface
    interface ReaderOpener {
        Connection open(Connection writer) throws SQLException;
    }

    private ReadConnections newReaders() {
        return new ReadConnections(() -> {
            Connection w = writer;
            if (w == null) {
                throw new SQLException("the store " + where + " is being reopened after a failed write");
            }
            return readerOpener.open(w);
        }, maxReaders);
    }

    private static void prepare(Connection c) throws SQLException {
        c.setAutoCommit(false);
        SampleIngest.createStaging(c);
        Writes.createStaging(c);
        c.commit();
    }

    /**
     * True when a failed commit can leave this database's in-memory state unlike what is on disk, so the store must
     * reopen it before the next write. DuckDB: after a commit whose WAL write failed (a full disk), the failed
     * transaction's keys stay in the primary-key index although its rows are gone, so the same samples sent again are
     * refused as duplicates of nothing; reopening replays the WAL, which holds only what was committed.
     * A server database (PostgreSQL) ends a failed transaction cleanly.
     */
    protected boolean reopensAfterFailedCommit() {
        return false;
    }

    /** A new writer connection to the same database (called with every old connection closed). */
    protected Connection reopen() throws SQLException {
        throw new SQLException("the store " + where + " cannot be reopened");
    }

    /**
     * Commits the writer's transaction. When the commit fails on a database that must then be reopened, the store
     * closes every connection and reopens it before the next call (or, if that fails too, at the start of the next
     * write); the caller's error stands either way.
     */
    private void commit() throws SQLException {
        try {
            writer.commit();
        } catch (SQLException e) {
            if (reopensAfterFailedCommit()) {
                reopenQuietly(e);
            }
            throw e;
        }
    }

    /** Closes every connection and opens the database again; a failure leaves the writer null for the next write. */
    private void reopenQuietly(SQLException cause) {
        ReadConnections old = readers;
        old.closeAndAwait(java.time.Duration.ofSeconds(30));
        closeQuietly();
        writer = null;
        try {
            Connection fresh = reopen();
            prepare(fresh);
            writer = fresh;
            readers = newReaders();
            lastSeq = -1;
            reopens++;
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
            readers = newReaders();
        }
    }

    /** The writer, reopened first when an earlier reopen failed. Call under writeLock. */
    private Connection writer() throws SQLException {
        if (writer == null) {
            SQLException e = new SQLException("the store " + where + " could not be reopened after a failed write");
            reopenQuietly(e);
            if (writer == null) {
                throw e;
            }
        }
        return writer;
    }

    /** How many times the database was reopened after a failed commit. */
    int reopens() {
        writeLock.lock();
        try {
            return reopens;
        } finally {
            writeLock.unlock();
        }
    }

    /** The store's database, for messages (a file path or a URL without credentials). */
    public String where() {
        return where;
    }

    SqlDialect dialect() {
        return dialect;
    }

    @Override
    public void migrate() {
        writeLock.lock();
        try {
            ensureOpen();
            Migrations.apply(writer, migrations, Instant.now(), HardwareProfiles.STEPS);
            try {
                Writes.checkColumns(writer, dialect);
                writer.commit();
            } catch (SQLException e) {
                Jdbc.rollbackQuietly(writer, e);
                throw new StoreException("cannot check the schema: " + e.getMessage(), e);
            }
            lastSeq = -1;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void upsertWorkers(List<StoredWorker> workers) {
        if (workers.isEmpty()) {
            return;
        }
        write("storing " + workers.size() + " workers", () -> {
            Writes.upsertWorkers(writer, workers);
            HardwareProfiles.record(writer, HardwareProfiles.of(workers.stream().map(StoredWorker::registration).toList()),
                    HardwareProfiles.REGISTRATION, workers.get(workers.size() - 1).lastSeen());
        });
    }

    @Override
    public void upsertEnrollments(List<Enrollment> enrollments) {
        if (enrollments.isEmpty()) {
            return;
        }
        write("storing " + enrollments.size() + " enrollments", () -> Enrollments.upsert(writer, enrollments));
    }

    @Override
    public List<Enrollment> enrollments() {
        return read("reading enrollments", Enrollments::all);
    }

    @Override
    public void recordHardwareProfiles(List<HardwareProfile> profiles) {
        if (profiles.isEmpty()) {
            return;
        }
        Map<String, HardwareProfile> byHash = new LinkedHashMap<>();
        profiles.forEach(p -> byHash.putIfAbsent(p.profileHash(), p));
        write("storing " + byHash.size() + " hardware profiles",
                () -> HardwareProfiles.record(writer, byHash, HardwareProfiles.IMPORT, Instant.now()));
    }

    @Override
    public List<SampleClass> sampleClasses(List<String> campaignIds) {
        return read("reading the hardware classes of " + campaignIds, c -> HardwareProfiles.ofSamples(c, campaignIds));
    }

    @Override
    public List<StoredWorker> workers() {
        return read("reading workers", c -> Reads.list(c,
                "SELECT registration_json, last_seen FROM workers ORDER BY worker_id", List.of(),
                r -> new StoredWorker(Json.read(r.getString(1), RegisterRequest.class), Jdbc.getInstant(r, "last_seen"))));
    }

    @Override
    public void insertCampaign(CampaignRecord campaign, List<Cell> cells, List<LeaseUnit> units) {
        write("storing campaign " + campaign.id(), () -> Writes.insertCampaign(writer, dialect, campaign, cells, units));
    }

    @Override
    public void importCampaign(List<StoredWorker> newWorkers, List<HardwareProfile> profiles, CampaignRecord campaign,
                               List<Cell> cells, List<LeaseUnit> units, List<LeaseRecord> leases) {
        Map<String, HardwareProfile> byHash = new LinkedHashMap<>();
        profiles.forEach(p -> byHash.putIfAbsent(p.profileHash(), p));
        write("importing campaign " + campaign.id(), () -> {
            if (!newWorkers.isEmpty()) {
                Writes.upsertWorkers(writer, newWorkers);
                HardwareProfiles.record(writer, HardwareProfiles.of(newWorkers.stream().map(StoredWorker::registration)
                        .toList()), HardwareProfiles.REGISTRATION, newWorkers.get(newWorkers.size() - 1).lastSeen());
            }
            if (!byHash.isEmpty()) {
                HardwareProfiles.record(writer, byHash, HardwareProfiles.IMPORT, Instant.now());
            }
            Writes.insertCampaign(writer, dialect, campaign, cells, units);
            if (!leases.isEmpty()) {
                Writes.upsertLeases(writer, dialect, leases);
            }
        });
    }

    @Override
    public void updateCampaign(CampaignRecord campaign) {
        write("updating campaign " + campaign.id(), () -> Writes.updateCampaign(writer, campaign));
    }

    @Override
    public List<CampaignRecord> campaigns() {
        return read("reading campaigns", c -> Reads.list(c,
                Reads.CAMPAIGN + " ORDER BY created_at, campaign_id", List.of(), Reads::campaign));
    }

    @Override
    public Optional<CampaignRecord> campaign(String id) {
        return read("reading campaign " + id, c -> Reads.list(c,
                Reads.CAMPAIGN + " WHERE campaign_id = ?", List.of(id), Reads::campaign).stream().findFirst());
    }

    @Override
    public void updateCells(List<Cell> cells) {
        write("updating " + cells.size() + " cells", () -> Writes.updateCells(writer, dialect, cells));
    }

    @Override
    public List<Cell> cells(String campaignId) {
        return read("reading the cells of " + campaignId, c -> Reads.list(c,
                Reads.CELL + " WHERE campaign_id = ? ORDER BY ord", List.of(campaignId), Reads::cell));
    }

    @Override
    public Map<String, Map<CellStatus, Integer>> cellCounts() {
        return read("counting cells", Reads::cellCounts);
    }

    @Override
    public List<LeaseUnit> units(String campaignId) {
        return read("reading the units of " + campaignId, c -> Reads.list(c,
                Reads.UNIT + " WHERE campaign_id = ? ORDER BY ord", List.of(campaignId), Reads::unit));
    }

    @Override
    public void upsertLease(LeaseRecord lease) {
        write("storing lease " + lease.leaseId(), () -> Writes.upsertLeases(writer, dialect, List.of(lease)));
    }

    @Override
    public void upsertLeases(List<LeaseRecord> leases) {
        if (leases.isEmpty()) {
            return;
        }
        write("storing " + leases.size() + " leases", () -> Writes.upsertLeases(writer, dialect, leases));
    }

    @Override
    public List<LeaseRecord> leases(String campaignId) {
        return read("reading the leases of " + campaignId, c -> Reads.list(c,
                Reads.LEASE + " WHERE campaign_id = ? ORDER BY issued_at, attempt, lease_id", List.of(campaignId),
                Reads::lease));
    }

    /**
     * {@inheritDoc} On DuckDB the duplicate check first looks for the batch's ids only among the stored rows whose
     * start time lies within the batch's range (no join; fast, see {@link SampleIngest}); if an id turns out to be
     * stored with another start time, the append fails on the primary key, the transaction is rolled back and the
     * batch runs again with the full check (a join on the id alone), so the answer is the same either way. On
     * PostgreSQL the ids are looked up by primary key at once.
     */
    @Override
    public IngestResult ingest(List<Sample> samples) {
        return ingestAll(List.of(samples)).get(0);
    }

    /** {@inheritDoc} Checked, counted and appended as one batch made of them all (see {@link SampleIngest}). */
    @Override
    public List<IngestResult> ingestAll(List<List<Sample>> batches) {
        writeLock.lock();
        try {
            ensureOpen();
            int total = batches.stream().mapToInt(List::size).sum();
            if (total == 0) {
                return batches.stream().map(b -> new IngestResult(0, 0, 0, Map.of())).toList();
            }
            SQLException first = null;
            boolean[] attempts = dialect.singleProcess() ? new boolean[] {true, false} : new boolean[] {false};
            for (boolean pruned : attempts) {
                Connection w = null;
                try {
                    w = writer();
                    Jdbc.begin(w);
                    long seq = lastSeq >= 0 ? lastSeq : Reads.lastSeq(w);
                    SampleIngest.Outcome o = SampleIngest.run(w, dialect, batches, pruned, seq);
                    commit();
                    lastSeq = dialect.singleProcess() ? o.lastSeq() : -1;
                    return o.results();
                } catch (SQLException e) {
                    if (w != null && w == writer) {
                        Jdbc.rollbackQuietly(w, e);
                    }
                    if (writer != w) {
                        // the commit failed and the database was reopened (or could not be): trying again with the
                        // full check would only meet the same full disk
                        throw new StoreException("storing " + total + " samples failed: " + e.getMessage(), e);
                    }
                    if (pruned) {
                        fullChecks++;
                    }
                    if (first != null) {
                        e.addSuppressed(first);
                    }
                    first = e;
                } catch (RuntimeException e) {
                    if (w != null && w == writer) {
                        Jdbc.rollbackQuietly(w, e);
                    }
                    throw wrap("storing " + total + " samples", e);
                }
            }
            throw new StoreException("storing " + total + " samples failed: " + first.getMessage(), first);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Map<String, Integer> measuredCounts(String campaignId) {
        return read("counting the samples of " + campaignId, c -> {
            Map<String, Integer> out = new LinkedHashMap<>();
            Reads.list(c, "SELECT cell_id FROM cells WHERE campaign_id = ? ORDER BY ord", List.of(campaignId),
                    r -> out.put(r.getString(1), 0));
            Reads.list(c, "SELECT cell_id, measured FROM cell_counts WHERE campaign_id = ? ORDER BY cell_id",
                    List.of(campaignId), r -> out.put(r.getString(1), r.getInt(2)));
            return Collections.unmodifiableMap(out);
        });
    }

    @Override
    public List<Sample> samples(String campaignId, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must be >= 0, got " + offset + " and " + limit);
        }
        return read("reading the samples of " + campaignId, c -> Reads.list(c,
                "SELECT sample_json FROM samples WHERE campaign_id = ? ORDER BY seq LIMIT ? OFFSET ?",
                List.of(campaignId, limit, offset), r -> Json.read(r.getString(1), Sample.class)));
    }

    @Override
    public long sampleCount(String campaignId) {
        return read("counting the samples of " + campaignId, c -> Reads.list(c,
                "SELECT count(*) FROM samples WHERE campaign_id = ?", List.of(campaignId), r -> r.getLong(1)).get(0));
    }

    /**
     * Streams rows in insertion order: DuckDB JDBC 1.4 streams result sets, PostgreSQL's driver fetches 500 rows at a
     * time inside the read transaction; one batch of rows in Java memory at a time.
     */
    @Override
    public void exportCsv(String campaignId, Writer out) throws IOException {
        try {
            read("exporting the samples of " + campaignId, c -> {
                out.write(SampleCsv.header());
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT sample_json FROM samples WHERE campaign_id = ? ORDER BY seq")) {
                    p.setFetchSize(500);
                    p.setString(1, campaignId);
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            out.write(SampleCsv.row(Json.read(r.getString(1), Sample.class)));
                        }
                    }
                }
                return null;
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    @Override
    public void upsertSchedule(ScheduleRecord schedule) {
        write("storing schedule " + schedule.id(), () -> Writes.upsertSchedule(writer, schedule));
    }

    @Override
    public List<ScheduleRecord> schedules() {
        return read("reading schedules", c -> Reads.list(c,
                Reads.SCHEDULE + " ORDER BY created_at, schedule_id", List.of(), Reads::schedule));
    }

    @Override
    public List<AggregateRow> aggregate(AggregateRequest request) {
        return read("aggregating " + request.campaignIds(), c -> Aggregates.run(c, dialect, request));
    }

    @Override
    public List<GroupValues> values(AggregateRequest request, Metric metric) {
        return read("reading " + metric.id() + " of " + request.campaignIds(), c -> Results.values(c, dialect, request, metric));
    }

    @Override
    public GroupSamples groupSamples(String campaignId, GroupKey group, SampleKind kind, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must be >= 0, got " + offset + " and " + limit);
        }
        return read("reading the samples of " + group + " in " + campaignId,
                c -> Results.groupSamples(c, campaignId, group, kind, offset, limit));
    }

    @Override
    public List<dev.fleetbench.coordinator.domain.context.ContextSample> contextSamples(String campaignId,
                                                                                         Collection<String> promptIds) {
        return read("reading the context sweep of " + campaignId,
                c -> ContextReads.samples(c, dialect, campaignId, promptIds));
    }

    @Override
    public Set<String> unstableCells(String campaignId, Collection<String> cellIds) {
        return read("checking the stability of " + campaignId, c -> Results.unstableCells(c, dialect, campaignId, cellIds));
    }

    @Override
    public void insertRating(RatingRecord rating) {
        write("storing rating " + rating.id(), () -> Writes.insertRating(writer, rating));
    }

    @Override
    public List<RatingRecord> ratings(List<String> campaignIds) {
        if (campaignIds.isEmpty()) {
            return List.of();
        }
        return read("reading ratings", c -> Reads.list(c, Reads.RATING + " WHERE campaign_id IN ("
                + Jdbc.marks(campaignIds.size()) + ") ORDER BY created_at, rating_id",
                campaignIds, Reads::rating));
    }

    /** Closes every connection (DuckDB checkpoints its WAL into the file); idempotent. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (readers != null) {
                readers.close();
            }
            closeQuietly();
        } finally {
            writeLock.unlock();
        }
    }

    // --- plumbing ---------------------------------------------------------------------------------------------------

    @FunctionalInterface
    interface WriteWork {
        void run() throws SQLException, IOException;
    }

    @FunctionalInterface
    interface ReadWork<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private void write(String what, WriteWork work) {
        inWriteTransaction(what, c -> {
            work.run();
            return null;
        });
    }

    /** Runs one transaction on the writer connection under the write lock; rolled back on any failure. */
    <T> T inWriteTransaction(String what, ReadWork<T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            Connection w = null;
            try {
                w = writer();
                Jdbc.begin(w);
                T result = work.run(w);
                commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                if (w != null && w == writer) {
                    Jdbc.rollbackQuietly(w, e);
                }
                throw wrap(what, e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs a read on a borrowed connection; a connection that is not in auto-commit mode ends its transaction. */
    <T> T read(String what, ReadWork<T> work) {
        ensureOpen();
        ReadConnections pool = readers;
        Connection c;
        try {
            c = pool.borrow();
        } catch (SQLException e) {
            throw wrap(what, e);
        }
        boolean broken = false;
        try {
            T result = work.run(c);
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            broken = endAfterFailure(c, e);
            throw wrap(what, e);
        } catch (IOException e) {
            broken = endAfterFailure(c, e);
            throw wrap(what, new UncheckedIOException(e));
        } finally {
            pool.release(c, broken);
        }
    }

    /** Ends a failed read's transaction; true when the connection is no longer usable (the server went away). */
    private static boolean endAfterFailure(Connection c, Exception cause) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return !c.isValid(2);
        } catch (SQLException e) {
            cause.addSuppressed(e);
            return true;
        }
    }

    static StoreException wrap(String what, Exception e) {
        if (e instanceof StoreException se) {
            return se;
        }
        return new StoreException(what + " failed: " + e.getMessage(), e);
    }

    void ensureOpen() {
        if (closed) {
            throw new StoreException("the store " + where + " is closed", null);
        }
    }

    private void closeQuietly() {
        Connection writer = this.writer;
        if (writer == null) {
            return;
        }
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // nothing was open
        }
        try {
            writer.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    /** How many batches needed the full duplicate check since the store opened (for tests and diagnostics). */
    long fullChecks() {
        writeLock.lock();
        try {
            return fullChecks;
        } finally {
            writeLock.unlock();
        }
    }

    /** For tests and diagnostics: the first column of a query's rows, as text. */
    List<String> query(String sql) {
        return read("query", c -> Reads.list(c, sql, List.of(), r -> r.getString(1)));
    }
}
