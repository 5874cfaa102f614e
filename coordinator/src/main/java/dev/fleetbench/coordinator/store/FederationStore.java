package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.LeaseUnit;
import java.util.List;

/**
 * Campaigns that arrive whole from another site (docs/federation.md); their samples then come page by page through
 * {@link SampleStore#ingest}, exactly once by id.
 *
 * <p>One concern of the {@linkplain CoordinatorStore coordinator's store}, which holds its threading and failure rules:
 * every method blocks (JDBC), so call it from a worker thread, never an event loop; each write is one transaction.
 */
public interface FederationStore {

    /**
     * Stores an imported campaign in one transaction, all or nothing: the site's workers that are new here (stored as
     * registrations), the hardware profiles its samples were measured on (a profile stored already keeps its class),
     * the campaign with its cells and lease units, and its lease history. A failed import leaves nothing behind, so
     * the same bundle can simply be imported again.
     */
    void importCampaign(List<StoredWorker> newWorkers, List<HardwareProfile> profiles, CampaignRecord campaign,
                        List<Cell> cells, List<LeaseUnit> units, List<LeaseRecord> leases);
}
