package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.recommend.Candidate;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.common.recommend.Recommender;
import dev.fleetbench.common.stats.SampleStats;
import dev.fleetbench.common.stats.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Recommendations per hardware class and use case (metrics.md "Recommendation"), from the same rule the local bench
 * uses ({@link Recommender}): the best-quality variant that meets the service levels, and why each other lost. Pure.
 */
public final class Recommendations {

    /** The recommendation of one use case on one class. */
    public record UseCaseResult(String useCase, Recommendation recommendation, SampleStats recommendedStats,
                                Long recommendedPeakRss) {
    }

    /** All use cases of one class. */
    public record ClassResult(ClassFacts hardwareClass, List<UseCaseResult> useCases) {
    }

    private Recommendations() {
    }

    public static List<ClassResult> build(ResultInputs in) {
        Map<String, Map<String, Map<String, AggregateRow>>> byClass = index(in.rows());
        Set<String> classKeys = new TreeSet<>(byClass.keySet());
        classKeys.addAll(in.unavailable().keySet());
        Set<String> useCases = new TreeSet<>();
        byClass.values().forEach(u -> useCases.addAll(u.keySet()));
        List<ClassResult> out = new ArrayList<>();
        for (String cls : classKeys) {
            ClassFacts facts = in.classes().getOrDefault(cls, new ClassFacts(cls, cls, 0, 0, 0, "none"));
            List<UseCaseResult> results = new ArrayList<>();
            for (String useCase : useCases) {
                Map<String, AggregateRow> models = byClass.getOrDefault(cls, Map.of()).getOrDefault(useCase, Map.of());
                List<Candidate> candidates = new ArrayList<>();
                Map<String, SampleStats> statsOf = new LinkedHashMap<>();
                models.forEach((model, row) -> {
                    SampleStats s = stats(row);
                    statsOf.put(model, s);
                    candidates.add(new Candidate(model, in.parameters().getOrDefault(model, 0L),
                            in.quality().score(model, useCase), in.qualityFailed().contains(model), s,
                            in.facts(cls, model).peakRssBytes(), facts.ramBytes(), null, null));
                });
                in.unavailable().getOrDefault(cls, Map.of()).forEach((model, why) -> {
                    if (!models.containsKey(model)) {
                        candidates.add(new Candidate(model, in.parameters().getOrDefault(model, 0L), null, false,
                                SampleStats.of(List.of()), null, facts.ramBytes(), why.detail(), why.reason()));
                    }
                });
                if (candidates.isEmpty()) {
                    continue;
                }
                Recommendation r = Recommender.recommend(candidates, in.slo());
                results.add(new UseCaseResult(useCase, r, r.recommended() == null ? null : statsOf.get(r.recommended()),
                        r.recommended() == null ? null : in.facts(cls, r.recommended()).peakRssBytes()));
            }
            out.add(new ClassResult(facts, results));
        }
        return out;
    }

    /** class → use case → model → row; where fingerprints split a model, the group with most requests stands for it. */
    static Map<String, Map<String, Map<String, AggregateRow>>> index(List<AggregateRow> rows) {
        Map<String, Map<String, Map<String, AggregateRow>>> out = new TreeMap<>();
        for (AggregateRow r : rows) {
            out.computeIfAbsent(r.keys().get(Dimension.HARDWARE_CLASS), k -> new TreeMap<>())
                    .computeIfAbsent(r.keys().getOrDefault(Dimension.USE_CASE, "all"), k -> new TreeMap<>())
                    .merge(r.keys().get(Dimension.MODEL), r,
                            (a, b) -> Comparator.comparingInt(AggregateRow::requests).compare(a, b) >= 0 ? a : b);
        }
        return out;
    }

    /** The statistics of an aggregate row in the shape the recommender reads. */
    public static SampleStats stats(AggregateRow r) {
        Summary empty = Summary.of(new double[0]);
        Map<String, Summary> m = r.metrics();
        return new SampleStats(r.requests(), r.failures(), r.requests() == 0 ? 0 : r.failures() / (double) r.requests(),
                m.getOrDefault("ttft_ms", empty), m.getOrDefault("tpot_ms", empty), m.getOrDefault("e2e_ms", empty),
                m.getOrDefault("decode_tps", empty), m.getOrDefault("prefill_tps", empty), empty);
    }
}
