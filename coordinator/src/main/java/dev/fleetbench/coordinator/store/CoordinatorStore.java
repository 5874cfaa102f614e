package dev.fleetbench.coordinator.store;

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
import java.io.Writer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The coordinator's durable state: workers, campaigns and schedules, matrix cells and lease units, lease history and
 * samples. Every method blocks (JDBC): call it from a worker thread, never the event loop. Writes are made by one
 * thread at a time (the coordinator's single writer); reads may come from any thread. A failed write throws
 * {@link StoreException} and leaves the store as it was (each method is one transaction).
 */
public interface CoordinatorStore extends AutoCloseable {

    /** Applies pending schema migrations; idempotent. */
    void migrate();

    /** Stores one worker's registration as last seen at {@code seenAt}: {@link #upsertWorkers} with one row. */
    default void upsertWorker(RegisterRequest registration, Instant seenAt) {
        upsertWorkers(List.of(new StoredWorker(registration, seenAt)));
    }

    /**
     * Inserts or replaces workers by worker id in one transaction (the last row of an id wins). The coordinator
     * gathers the registrations that arrive while a write runs into one call, so that a fleet registering at once
     * costs a few transactions instead of one each.
     */
    void upsertWorkers(List<StoredWorker> workers);

    List<StoredWorker> workers();

    /** Inserts or replaces enrollments (approval state) by worker id in one transaction; the last of an id wins. */
    void upsertEnrollments(List<Enrollment> enrollments);

    /** Every worker's enrollment, by worker id. */
    List<Enrollment> enrollments();

    /**
     * Stores hardware profiles that are not stored yet (by {@link HardwareProfile#profileHash()}) with the class they
     * get now, e.g. those of an imported campaign's workers; {@link #upsertWorkers} does this for registrations. A
     * profile stored already keeps its class.
     */
    void recordHardwareProfiles(List<HardwareProfile> profiles);

    /**
     * The hardware classes that the measured, counted samples of some campaigns were stored with, per worker and
     * class (a laptop's samples on AC and on battery are two classes).
     */
    List<SampleClass> sampleClasses(List<String> campaignIds);

    void insertCampaign(CampaignRecord campaign, List<Cell> cells, List<LeaseUnit> units);

    void updateCampaign(CampaignRecord campaign);

    List<CampaignRecord> campaigns();

    Optional<CampaignRecord> campaign(String id);

    /** Writes the new state of cells (status, reason, planned repetitions). */
    void updateCells(List<Cell> cells);

    List<Cell> cells(String campaignId);

    /** Cells per campaign and status, in one query (progress of the campaigns the work queue does not hold). */
    Map<String, Map<CellStatus, Integer>> cellCounts();

    List<LeaseUnit> units(String campaignId);

    void upsertLease(LeaseRecord lease);

    /** Inserts or replaces many lease records by lease id in one transaction; the last record of an id wins. */
    void upsertLeases(List<LeaseRecord> leases);

    List<LeaseRecord> leases(String campaignId);

    /**
     * Stores samples exactly once: a sample whose id is stored already is ignored; a measured sample of a cell that
     * already holds its planned count is stored but set aside (a lost attempt's results). One transaction.
     */
    IngestResult ingest(List<Sample> samples);

    /**
     * Stores several batches in one transaction, exactly as {@link #ingest} would one after the other (a sample of
     * an earlier batch is a duplicate in a later one; set-aside follows the order), and returns one result per batch
     * in order. Each result's counts per cell are those after all the batches. All or nothing.
     */
    List<IngestResult> ingestAll(List<List<Sample>> batches);

    /** Counted (not set-aside) measured samples per cell of a campaign. */
    Map<String, Integer> measuredCounts(String campaignId);

    /** Samples of a campaign in insertion order, set-aside ones included (flagged by the caller's query if needed). */
    List<Sample> samples(String campaignId, int offset, int limit);

    long sampleCount(String campaignId);

    /** Writes the campaign's samples as CSV ({@link dev.fleetbench.common.export.SampleCsv}). */
    void exportCsv(String campaignId, Writer out) throws IOException;

    /**
     * Statistics of the measured, counted samples of some campaigns, grouped as asked and by the fingerprint fields
     * that make samples comparable (metrics.md "Statistics"); computed once, in the store.
     */
    List<AggregateRow> aggregate(AggregateRequest request);

    /**
     * The measured, counted samples of a campaign's context-length prompts ({@code promptIds}), failed ones included,
     * one row each with its stored hardware class, for the context curves.
     */
    List<dev.fleetbench.coordinator.domain.context.ContextSample> contextSamples(String campaignId,
                                                                                  Collection<String> promptIds);

    /**
     * A page of the samples of one group of a campaign's aggregates, with how many the group holds: the parts of the
     * key that are null are not filtered on, {@code kind} null takes every kind. Set-aside samples are listed too.
     */
    GroupSamples groupSamples(String campaignId, GroupKey group, SampleKind kind, int offset, int limit);

    /** The raw values of one metric per group, with the fingerprint values seen in each group. */
    List<GroupValues> values(AggregateRequest request, Metric metric);

    /**
     * Cells of a campaign that break the stability rule (cv ≥ 3 % or a point farther than 3 × 1.4826 × MAD from the median, {@code Stability}); {@code cellIds} limits the
     * check to those cells, null checks them all.
     */
    Set<String> unstableCells(String campaignId, Collection<String> cellIds);

    void insertRating(RatingRecord rating);

    /** Ratings of answers of these campaigns, oldest first. */
    List<RatingRecord> ratings(List<String> campaignIds);

    void upsertSchedule(ScheduleRecord schedule);

    List<ScheduleRecord> schedules();

    @Override
    void close();
}
