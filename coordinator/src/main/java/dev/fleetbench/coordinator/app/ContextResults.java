package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.context.ContextCurves;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The context curves of a campaign ({@link ContextCurves}): its context-length prompts from its spec, their samples
 * from the store, the labels of the classes they were stored with. Blocking: runs on a reader thread.
 */
public final class ContextResults {

    private ContextResults() {
    }

    static Table read(ResultsService.Stores s, String campaignId, CampaignSpec spec) {
        Map<String, Integer> lengths = new LinkedHashMap<>();
        for (PromptSpec p : spec.prompts().prompts()) {
            if (p.contextTokens() != null) {
                lengths.put(p.id(), p.contextTokens());
            }
        }
        if (lengths.isEmpty()) {
            return new Table(List.of(), List.of(), Map.of());
        }
        List<ContextCurves.Point> points = ContextCurves.of(s.results().contextSamples(campaignId, lengths.keySet()), lengths);
        return new Table(ContextCurves.lengths(lengths), points, StoredClasses.read(s, List.of(campaignId)).labels());
    }

    /**
     * A campaign's context curves.
     *
     * @param lengths     the lengths its spec sweeps, ascending; empty when it sweeps none
     * @param points      one per class × model × length with samples
     * @param classLabels labels by class key
     */
    public record Table(List<Integer> lengths, List<ContextCurves.Point> points, Map<String, String> classLabels) {
    }
}
