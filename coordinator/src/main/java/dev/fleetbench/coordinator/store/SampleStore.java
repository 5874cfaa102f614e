package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.model.Sample;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Samples: stored exactly once as they arrive, and read back raw (pages, counts, the CSV export).
 *
 * <p>One concern of the {@linkplain CoordinatorStore coordinator's store}, which holds its threading and failure rules:
 * every method blocks (JDBC), so call it from a worker thread, never an event loop; each write is one transaction.
 */
public interface SampleStore {

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

    /** Samples of a campaign in insertion order, set-aside ones included (flagged by the caller's query if needed). */
    List<Sample> samples(String campaignId, int offset, int limit);

    long sampleCount(String campaignId);

    /** Writes the campaign's samples as CSV ({@link dev.fleetbench.common.export.SampleCsv}). */
    void exportCsv(String campaignId, Writer out) throws IOException;
}
