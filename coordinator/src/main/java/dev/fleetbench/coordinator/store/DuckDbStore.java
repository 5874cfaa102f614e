package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.export.SampleCsv;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.LeaseUnit;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.GroupValues;
import dev.fleetbench.coordinator.domain.results.RatingRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.DriverManager;
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
import org.duckdb.DuckDBConnection;

/**
 * The coordinator's store in one DuckDB file ({@code jdbc:duckdb:/path/fleetbench.duckdb}): durable once a method
 * returns (DuckDB writes its WAL on commit), schema by versioned {@link Migrations}.
 *
 * <p><b>Threads.</b> Writes go through one connection in manual-commit mode, guarded by a lock, so writes are
 * serialised even if callers break the one-writer rule; each write method is one transaction, rolled back on any
 * failure. Reads borrow a connection from {@link ReadConnections} (duplicates of the writer's connection, one per
 * reading thread at a time) and see the last committed state; they never wait for the writer. Every method blocks:
 * call it from a worker thread, never an event loop.
 *
 * <p>Call {@link #migrate()} once after opening (or use {@link #open(Path)}).
 */
public final class DuckDbStore implements CoordinatorStore {

    /** Read connections made at most. */
    public static final int DEFAULT_READERS = 4;
    /** At or below this many cells, {@link #updateCells} updates row by row (key lookups); above, in one join. */
    static final int ROW_UPDATE_LIMIT = 64;

    private final Path file;
    private final List<Migrations.Migration> migrations;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final DuckDBConnection writer;
    private final ReadConnections readers;
    /** Last sample sequence number committed; -1 until read from the file. Guarded by writeLock. */
    private long lastSeq = -1;
    /** Batches that needed the full duplicate check (an id stored with another start time). Guarded by writeLock. */
    private long fullChecks;
    private volatile boolean closed;

    /** Opens (or creates) the file; call {@link #migrate()} before anything else. */
    public DuckDbStore(Path file) {
        this(file, DEFAULT_READERS, Migrations.fromClasspath());
    }

    DuckDbStore(Path file, int readers, List<Migrations.Migration> migrations) {
        this.file = file.toAbsolutePath();
        this.migrations = List.copyOf(migrations);
        try {
            this.writer = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + this.file);
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + this.file + ": " + e.getMessage(), e);
        }
        try {
            writer.setAutoCommit(false);
            SampleIngest.createStaging(writer);
            Writes.createStaging(writer);
            writer.commit();
        } catch (SQLException e) {
            closeQuietly();
            throw new StoreException("cannot prepare the store " + this.file + ": " + e.getMessage(), e);
        }
        this.readers = new ReadConnections(writer, readers);
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

    public Path file() {
        return file;
    }

    @Override
    public void migrate() {
        writeLock.lock();
        try {
            ensureOpen();
            Migrations.apply(writer, migrations, Instant.now());
            try {
                Writes.checkColumns(writer);
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
        write("storing " + workers.size() + " workers", () -> Writes.upsertWorkers(writer, workers));
    }

    @Override
    public List<StoredWorker> workers() {
        return read("reading workers", c -> Reads.list(c,
                "SELECT registration_json, last_seen FROM workers ORDER BY worker_id", List.of(),
                r -> new StoredWorker(Json.read(r.getString(1), RegisterRequest.class), Jdbc.getInstant(r, "last_seen"))));
    }

    @Override
    public void insertCampaign(CampaignRecord campaign, List<Cell> cells, List<LeaseUnit> units) {
        write("storing campaign " + campaign.id(), () -> Writes.insertCampaign(writer, campaign, cells, units));
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
        write("updating " + cells.size() + " cells", () -> Writes.updateCells(writer, cells));
    }

    @Override
    public List<Cell> cells(String campaignId) {
        return read("reading the cells of " + campaignId, c -> Reads.list(c,
                Reads.CELL + " WHERE campaign_id = ? ORDER BY ord", List.of(campaignId), Reads::cell));
    }

    @Override
    public List<LeaseUnit> units(String campaignId) {
        return read("reading the units of " + campaignId, c -> Reads.list(c,
                Reads.UNIT + " WHERE campaign_id = ? ORDER BY ord", List.of(campaignId), Reads::unit));
    }

    @Override
    public void upsertLease(LeaseRecord lease) {
        write("storing lease " + lease.leaseId(), () -> Writes.upsertLease(writer, lease));
    }

    @Override
    public void upsertLeases(List<LeaseRecord> leases) {
        if (leases.isEmpty()) {
            return;
        }
        write("storing " + leases.size() + " leases", () -> Writes.upsertLeases(writer, leases));
    }

    @Override
    public List<LeaseRecord> leases(String campaignId) {
        return read("reading the leases of " + campaignId, c -> Reads.list(c,
                Reads.LEASE + " WHERE campaign_id = ? ORDER BY issued_at, attempt, lease_id", List.of(campaignId),
                Reads::lease));
    }

    /**
     * {@inheritDoc} The duplicate check first joins on id and start time (fast, see {@link SampleIngest}); if an id
     * turns out to be stored with another start time the transaction is rolled back and the batch runs again with
     * the full check, so the answer is the same either way.
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
            for (boolean pruned : new boolean[] {true, false}) {
                try {
                    Jdbc.begin(writer);
                    long seq = lastSeq >= 0 ? lastSeq : Reads.lastSeq(writer);
                    SampleIngest.Outcome o = SampleIngest.run(writer, batches, pruned, seq);
                    writer.commit();
                    lastSeq = o.lastSeq();
                    return o.results();
                } catch (SQLException e) {
                    Jdbc.rollbackQuietly(writer, e);
                    if (pruned) {
                        fullChecks++;
                    }
                    if (first != null) {
                        e.addSuppressed(first);
                    }
                    first = e;
                } catch (RuntimeException e) {
                    Jdbc.rollbackQuietly(writer, e);
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

    /** Streams rows in insertion order: DuckDB JDBC 1.4 streams result sets, one row in Java memory at a time. */
    @Override
    public void exportCsv(String campaignId, Writer out) throws IOException {
        try {
            read("exporting the samples of " + campaignId, c -> {
                out.write(SampleCsv.header());
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT sample_json FROM samples WHERE campaign_id = ? ORDER BY seq")) {
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
        return read("aggregating " + request.campaignIds(), c -> Aggregates.run(c, request));
    }

    @Override
    public List<GroupValues> values(AggregateRequest request, String metric) {
        return read("reading " + metric + " of " + request.campaignIds(), c -> Results.values(c, request, metric));
    }

    @Override
    public Set<String> unstableCells(String campaignId, Collection<String> cellIds) {
        return read("checking the stability of " + campaignId, c -> Results.unstableCells(c, campaignId, cellIds));
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
                + String.join(", ", java.util.Collections.nCopies(campaignIds.size(), "?")) + ") ORDER BY created_at, rating_id",
                campaignIds, Reads::rating));
    }

    /** Closes the file (DuckDB checkpoints its WAL into it); idempotent. */
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

    /**
     * A new connection to this very database instance (same buffer pool, same settings), for a benchmark that runs
     * SQL directly beside the store's own calls. The caller closes it.
     */
    java.sql.Connection duplicateConnection() throws SQLException {
        ensureOpen();
        return writer.duplicate();
    }

    // --- plumbing ---------------------------------------------------------------------------------------------------

    @FunctionalInterface
    interface WriteWork {
        void run() throws SQLException, IOException;
    }

    @FunctionalInterface
    interface ReadWork<T> {
        T run(DuckDBConnection c) throws SQLException, IOException;
    }

    private void write(String what, WriteWork work) {
        writeLock.lock();
        try {
            ensureOpen();
            try {
                Jdbc.begin(writer);
                work.run();
                writer.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                Jdbc.rollbackQuietly(writer, e);
                throw wrap(what, e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T read(String what, ReadWork<T> work) {
        ensureOpen();
        DuckDBConnection c;
        try {
            c = readers.borrow();
        } catch (SQLException e) {
            throw wrap(what, e);
        }
        try {
            return work.run(c);
        } catch (SQLException | RuntimeException e) {
            throw wrap(what, e);
        } catch (IOException e) {
            throw wrap(what, new UncheckedIOException(e));
        } finally {
            readers.release(c);
        }
    }

    private static StoreException wrap(String what, Exception e) {
        if (e instanceof StoreException se) {
            return se;
        }
        return new StoreException(what + " failed: " + e.getMessage(), e);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("the store " + file + " is closed", null);
        }
    }

    private void closeQuietly() {
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
