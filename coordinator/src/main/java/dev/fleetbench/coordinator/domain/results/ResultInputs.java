package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.recommend.EvidenceRules;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.common.recommend.ServiceLevels;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the results views are computed from, gathered by the coordinator from its store and fleet.
 *
 * @param rows            aggregates grouped by hardware class, use case and model
 * @param classModelRows  aggregates grouped by hardware class and model (all use cases pooled)
 * @param classes         facts per hardware class key
 * @param modelFacts      per class, per model: per-lease figures
 * @param parameters      parameter count per model (the quality proxy when nothing is rated)
 * @param qualityFailed   models with an answer that failed its quality check (shown only; the recommendation judges
 *                        quality per class and use case from the scores in {@code rows})
 * @param unstable        class and model (prompt and worker null) of every pair with a cell that stayed unstable
 * @param unavailable     per class, per model that has no samples there: why (NO_VARIANT, DOES_NOT_FIT, NOT_MEASURED)
 *                        and the detail
 * @param quality         blind-rating scores
 * @param slo             service levels
 * @param campaignIds     campaigns the results come from
 * @param evidence        how much evidence a recommendation needs
 * @param variants        catalog entry of every known model variant id (file size, quantization); may be empty
 */
public record ResultInputs(List<AggregateRow> rows, List<AggregateRow> classModelRows, Map<String, ClassFacts> classes,
                           Map<String, Map<String, ModelFacts>> modelFacts, Map<String, Long> parameters,
                           Set<String> qualityFailed, Set<GroupKey> unstable,
                           Map<String, Map<String, Unavailable>> unavailable, QualityScores quality, ServiceLevels slo,
                           List<String> campaignIds, EvidenceRules evidence, Map<String, ModelVariant> variants) {

    /** Inputs under the default evidence rules, without catalog entries. */
    public ResultInputs(List<AggregateRow> rows, List<AggregateRow> classModelRows, Map<String, ClassFacts> classes,
                        Map<String, Map<String, ModelFacts>> modelFacts, Map<String, Long> parameters,
                        Set<String> qualityFailed, Set<GroupKey> unstable,
                        Map<String, Map<String, Unavailable>> unavailable, QualityScores quality, ServiceLevels slo,
                        List<String> campaignIds) {
        this(rows, classModelRows, classes, modelFacts, parameters, qualityFailed, unstable, unavailable, quality, slo,
                campaignIds, EvidenceRules.DEFAULTS, Map.of());
    }

    /** Why a model has no samples on a class. */
    public record Unavailable(Recommendation.Reason reason, String detail) {
    }

    public ModelFacts facts(String hardwareClass, String model) {
        return modelFacts.getOrDefault(hardwareClass, Map.of()).getOrDefault(model, ModelFacts.UNKNOWN);
    }
}
