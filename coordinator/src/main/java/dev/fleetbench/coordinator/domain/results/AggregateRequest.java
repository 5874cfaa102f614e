package dev.fleetbench.coordinator.domain.results;

import java.util.List;
import java.util.Map;

/**
 * What to aggregate: the measured, counted samples (no warm-ups, nothing set aside) of some campaigns, grouped by some
 * dimensions and always by the fingerprint fields that make samples comparable (engine, engine version, execution
 * provider, prompt-set version), so unlike samples are never pooled. Each sample's hardware class is the one stored
 * with its hardware profile.
 *
 * @param campaignIds         campaigns; not empty
 * @param by                  grouping dimensions, in order
 * @param useCaseOfPrompt     the use case of every prompt id (from the campaigns' specs)
 */
public record AggregateRequest(List<String> campaignIds, List<Dimension> by, Map<String, String> useCaseOfPrompt) {

    public AggregateRequest {
        campaignIds = List.copyOf(campaignIds);
        by = List.copyOf(by);
        useCaseOfPrompt = Map.copyOf(useCaseOfPrompt);
        if (campaignIds.isEmpty()) {
            throw new IllegalArgumentException("aggregate at least one campaign");
        }
    }
}
