package dev.fleetbench.coordinator.http;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.coordinator.app.ResultsService;
import dev.fleetbench.coordinator.domain.results.Acceleration;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.domain.results.EnergyFigures;
import dev.fleetbench.coordinator.domain.results.EvidenceJson;
import dev.fleetbench.coordinator.domain.results.GroupKey;
import dev.fleetbench.coordinator.domain.results.Recommendations;
import dev.fleetbench.coordinator.domain.results.Terms;
import dev.fleetbench.coordinator.report.ModelsJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Builds the documents of the results API ({@link ResultsDocs}) from the domain's results. */
final class ResultsViews {

    /** The definition of every figure of an aggregate ({@link Metric}, {@link Terms}), sent beside the numbers. */
    static final Map<String, String> DEFINITIONS = Terms.ofAggregates();

    /** What {@code GET /api/metrics} answers: every metric with its unit, direction and definition, and every term. */
    record MetricsDoc(List<MetricView> metrics, Map<String, String> terms) {
    }

    /** One metric: its API name, unit, which direction is better ("higher", "lower") and its definition. */
    record MetricView(String name, String unit, Metric.Direction direction, String definition) {
    }

    static MetricsDoc metrics() {
        return new MetricsDoc(java.util.Arrays.stream(Metric.values())
                .map(m -> new MetricView(m.id(), m.unit(), m.direction(), m.definition())).toList(), Terms.ALL);
    }

    private ResultsViews() {
    }

    static ResultsDocs.AggregateGroup group(AggregateRow r, Map<String, String> labels, Set<String> qualityFailed,
                                            List<GroupKey> unstableCells, Long peakRss, boolean comparable) {
        Map<Dimension, String> k = r.keys();
        String cls = k.get(Dimension.HARDWARE_CLASS);
        // A failed check marks the group where it failed (its class, use case, prompt), not the model everywhere.
        boolean qualityFailedHere = r.quality() != null ? r.quality().passes() < r.quality().n()
                : k.containsKey(Dimension.MODEL) && qualityFailed.contains(k.get(Dimension.MODEL));
        return new ResultsDocs.AggregateGroup(cls, cls == null ? null : labels.getOrDefault(cls, cls),
                k.get(Dimension.MODEL), k.get(Dimension.PROMPT), k.get(Dimension.USE_CASE), k.get(Dimension.WORKER),
                k.get(Dimension.CAMPAIGN), r.machines(), r.cells(), r.requests(), r.failures(),
                r.requests() == 0 ? 0.0 : r.failures() / (double) r.requests(),
                unstableCells.stream().anyMatch(u -> u.within(k)), qualityFailedHere, comparable,
                r.suspectedCpuFallback(), new ResultsDocs.GroupFingerprint(r.engine(), r.engineVersion(),
                        r.executionProvider(), r.promptSetVersion()), r.metrics(), peakRss,
                EvidenceJson.quality(r.quality()), energy(r.energy()));
    }

    /** Tokens per joule and joules per answer of a group, with how many answers and whether it is an estimate. */
    static ResultsDocs.Energy energy(EnergyFigures e) {
        return e == null ? null : new ResultsDocs.Energy(e.requests(), e.joules(), e.outputTokens(), e.tokensPerJoule(),
                e.joulesPerAnswer(), e.estimate());
    }

    /** Groups whose keys occur more than once differ in fingerprint: they are shown apart, not comparable as one. */
    static List<ResultsDocs.AggregateGroup> groups(ResultsService.AggregateResult a) {
        Map<Map<Dimension, String>, Integer> counts = new LinkedHashMap<>();
        a.rows().forEach(r -> counts.merge(r.keys(), 1, Integer::sum));
        List<ResultsDocs.AggregateGroup> out = new ArrayList<>();
        a.rows().forEach(r -> out.add(group(r, a.classLabels(), a.qualityFailedModels(), a.unstableCells(),
                a.peakRssOf(r), counts.get(r.keys()) == 1)));
        return out;
    }

    static ResultsDocs.Recommendations recommendations(String campaignId, Object slo, Object evidence,
                                                       List<Recommendations.ClassResult> results) {
        List<ResultsDocs.ClassRecommendations> classes = new ArrayList<>();
        for (Recommendations.ClassResult c : results) {
            List<ResultsDocs.UseCaseRecommendation> useCases = new ArrayList<>();
            for (Recommendations.UseCaseResult u : c.useCases()) {
                Recommendation r = u.recommendation();
                useCases.add(new ResultsDocs.UseCaseRecommendation(u.useCase(), r.recommended(), r.summary(),
                        r.recommended() == null ? null
                                : ModelsJson.figures(r.recommended(), u.recommendedStats(), u.recommendedPeakRss(), null),
                        EvidenceJson.alternatives(r), EvidenceJson.basis(r), EvidenceJson.of(r.evidence()),
                        u.engineVersion(), u.promptSetVersion(), u.groups()));
            }
            classes.add(new ResultsDocs.ClassRecommendations(c.hardwareClass().key(), c.hardwareClass().label(),
                    c.hardwareClass().machines(), useCases));
        }
        return new ResultsDocs.Recommendations(campaignId, slo, evidence, classes);
    }

    /** What the acceleration figures mean. */
    static final Map<String, String> ACCELERATION_DEFINITIONS = Map.of(
            "decode_speedup", "accelerator decode tok/s ÷ CPU variant decode tok/s of the same alias, over the cells"
                    + " (machine × prompt) both ran on the class; above 1 is faster",
            "ttft_ratio", "accelerator TTFT ÷ CPU variant TTFT over the same cells; below 1 is faster",
            "median_ratio", "ratio of the pooled medians",
            "estimate", "Hodges–Lehmann ratio: e^(median of the within-cell ln(accelerator) − ln(CPU)), with its exact"
                    + " distribution-free 95 % interval (ci_low, ci_high; null when the cells hold too few values)",
            "suspected_cpu_fallback", "the accelerator's measured requests in those cells flagged 'suspected CPU"
                    + " fallback' (its decode kept the CPU at least half as busy as the CPU variant's on the same"
                    + " machine): its speed-up may not be the accelerator's");

    /** The document of {@code GET /api/acceleration}. */
    static ResultsDocs.Acceleration acceleration(String campaign, List<Acceleration.Row> rows, Map<String, String> labels) {
        return new ResultsDocs.Acceleration(campaign, new java.util.TreeMap<>(ACCELERATION_DEFINITIONS),
                accelerationRows(rows, labels));
    }

    /** One record per row, with the class's label beside its key. */
    static List<ResultsDocs.AccelerationRow> accelerationRows(List<Acceleration.Row> rows, Map<String, String> labels) {
        return rows.stream().map(r -> new ResultsDocs.AccelerationRow(r.hardwareClass(),
                labels.getOrDefault(r.hardwareClass(), r.hardwareClass()), r.model(),
                r.device().name().toLowerCase(Locale.ROOT), r.variant(), r.cpuVariant(), r.machines(),
                r.decodeSpeedup(), r.ttftRatio(), r.suspectedCpuFallback())).toList();
    }
}
