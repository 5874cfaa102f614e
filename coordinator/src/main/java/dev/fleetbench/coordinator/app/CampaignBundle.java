package dev.fleetbench.coordinator.app;

import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.LeaseUnit;
import dev.fleetbench.coordinator.store.CampaignRecord;
import dev.fleetbench.coordinator.store.LeaseRecord;
import dev.fleetbench.coordinator.store.StoredWorker;
import java.util.List;

/**
 * A finished campaign as one coordinator hands it to another (federation, docs/federation.md): everything its results
 * are computed from except the samples, which travel apart in pages ({@code GET /api/campaigns/{id}/samples}).
 *
 * @param format     {@link #FORMAT}; anything else is refused
 * @param site       the site the campaign ran at (set by the importer, e.g. {@code fleetbench federate --site})
 * @param exportedAt when the bundle was made (ISO-8601)
 * @param campaign   the campaign record, spec text included
 * @param workers    the workers its cells were placed on, with their hardware profiles
 * @param cells      its matrix cells with their final state
 * @param units      its lease units
 * @param leases     its lease history (per-model phases: load time, peak memory)
 * @param samples    how many samples the exporting coordinator holds for it
 */
public record CampaignBundle(String format, String site, String exportedAt, CampaignRecord campaign,
                             List<StoredWorker> workers, List<Cell> cells, List<LeaseUnit> units, List<LeaseRecord> leases,
                             long samples) {

    public static final String FORMAT = "fleetbench-campaign-bundle/1";

    public CampaignBundle {
        workers = workers == null ? List.of() : List.copyOf(workers);
        cells = cells == null ? List.of() : List.copyOf(cells);
        units = units == null ? List.of() : List.copyOf(units);
        leases = leases == null ? List.of() : List.copyOf(leases);
    }

    public CampaignBundle withSite(String name) {
        return new CampaignBundle(format, name, exportedAt, campaign, workers, cells, units, leases, samples);
    }
}
