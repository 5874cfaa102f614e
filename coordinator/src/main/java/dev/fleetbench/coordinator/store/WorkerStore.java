package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.coordinator.domain.fleet.Enrollment;
import java.time.Instant;
import java.util.List;

/**
 * Workers and their enrollment: each worker's last registration, its approval state, and the hardware profiles
 * (with their class) that samples were measured on.
 *
 * <p>One concern of the {@linkplain CoordinatorStore coordinator's store}, which holds its threading and failure rules:
 * every method blocks (JDBC), so call it from a worker thread, never an event loop; each write is one transaction.
 */
public interface WorkerStore {

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
}
