package dev.fleetbench.coordinator.domain.matrix;

import dev.fleetbench.common.model.ModelVariant;
import java.util.List;

/**
 * The unit of leased work: one model variant on one machine with all its prompts (metrics.md "per lease"). Loading
 * a model once for all its prompts is what makes a lease worth its download and load time.
 *
 * @param id         deterministic id from campaign, model and worker
 * @param campaignId campaign
 * @param workerId   machine
 * @param variant    the variant placed there
 * @param cells      its cells, in prompt order
 */
public record LeaseUnit(String id, String campaignId, String workerId, ModelVariant variant, List<UnitCell> cells) {

    public LeaseUnit {
        cells = List.copyOf(cells);
    }
}
