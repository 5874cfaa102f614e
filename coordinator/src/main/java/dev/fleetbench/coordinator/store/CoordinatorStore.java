package dev.fleetbench.coordinator.store;

/**
 * The coordinator's durable state: workers, campaigns and schedules, matrix cells and lease units, lease history and
 * samples. Every method blocks (JDBC): call it from a worker thread, never the event loop. Writes are made by one
 * thread at a time (the coordinator's single writer); reads may come from any thread. A failed write throws
 * {@link StoreException} and leaves the store as it was (each method is one transaction).
 *
 * <p>The sum of its concerns, for wiring only (opening, migrating, closing): services and edges depend on the concerns
 * they use ({@link WorkerStore}, {@link CampaignStore}, {@link LeaseStore}, {@link SampleStore}, {@link ResultsStore},
 * {@link RatingStore}, {@link ScheduleStore}, {@link FederationStore}), never on this whole.
 */
public interface CoordinatorStore extends WorkerStore, CampaignStore, LeaseStore, SampleStore, ResultsStore,
        RatingStore, ScheduleStore, FederationStore, AutoCloseable {

    /** Applies pending schema migrations; idempotent. */
    void migrate();

    @Override
    void close();
}
