package dev.fleetbench.coordinator.store;

import java.util.List;

/**
 * The history of every lease issued: who held it, for which cells, how it ended; kept so that a restarted
 * coordinator still knows whose late samples to take.
 *
 * <p>One concern of the {@linkplain CoordinatorStore coordinator's store}, which holds its threading and failure rules:
 * every method blocks (JDBC), so call it from a worker thread, never an event loop; each write is one transaction.
 */
public interface LeaseStore {

    void upsertLease(LeaseRecord lease);

    /** Inserts or replaces many lease records by lease id in one transaction; the last record of an id wins. */
    void upsertLeases(List<LeaseRecord> leases);

    List<LeaseRecord> leases(String campaignId);
}
