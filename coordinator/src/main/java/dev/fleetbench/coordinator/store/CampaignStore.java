package dev.fleetbench.coordinator.store;

import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import dev.fleetbench.coordinator.domain.matrix.LeaseUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Campaigns and their matrices: the campaign records, their cells (status, reason, planned repetitions) and lease
 * units, and each cell's progress in counted samples.
 *
 * <p>One concern of the {@linkplain CoordinatorStore coordinator's store}, which holds its threading and failure rules:
 * every method blocks (JDBC), so call it from a worker thread, never an event loop; each write is one transaction.
 */
public interface CampaignStore {

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

    /** Counted (not set-aside) measured samples per cell of a campaign. */
    Map<String, Integer> measuredCounts(String campaignId);
}
