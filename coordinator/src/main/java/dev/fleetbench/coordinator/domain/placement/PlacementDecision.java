package dev.fleetbench.coordinator.domain.placement;

import dev.fleetbench.common.model.ModelVariant;

/**
 * Whether a model can run on a machine, with the variant that would run or the reason it cannot.
 *
 * @param variant the variant to run; null when it cannot run
 * @param reason  why it cannot run, for people; null when it can
 */
public record PlacementDecision(ModelVariant variant, String reason) {

    public static PlacementDecision run(ModelVariant v) {
        return new PlacementDecision(v, null);
    }

    public static PlacementDecision doesNotFit(String reason) {
        return new PlacementDecision(null, reason);
    }

    public boolean runnable() {
        return variant != null;
    }
}
