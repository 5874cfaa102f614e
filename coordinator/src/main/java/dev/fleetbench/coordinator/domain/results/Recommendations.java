package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.model.ModelVariant;
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
 * uses ({@link Recommender}). Like is compared with like: where a class's samples split by engine build (engine,
 * engine version) or prompt set, each group gets its own recommendation and every group is shown, the one with most
 * requests first. Quality is judged per class and use case from the scores of that group's answers. Pure.
 */
public final class Recommendations {

    /**
     * The recommendation of one use case on one class, within one engine build and prompt set.
     *
     * @param engineVersion the group's engine and version ("embedded llama.cpp b4916"); null when unknown
     * @param promptSetVersion the group's prompt-set version; null when unknown
     * @param groups        how many engine-build groups this class and use case has (1 when nothing split it)
     */
    public record UseCaseResult(String useCase, Recommendation recommendation, SampleStats recommendedStats,
                                Long recommendedPeakRss, String engineVersion, String promptSetVersion, int groups) {

        public UseCaseResult(String useCase, Recommendation recommendation, SampleStats recommendedStats,
                             Long recommendedPeakRss) {
            this(useCase, recommendation, recommendedStats, recommendedPeakRss, null, null, 1);
        }
    }

    /** All use cases of one class. */
    public record ClassResult(ClassFacts hardwareClass, List<UseCaseResult> useCases) {
    }

    private Recommendations() {
    }

    public static List<ClassResult> build(ResultInputs in) {
        Map<String, Map<String, Map<String, Map<String, AggregateRow>>>> byClass = index(in.rows());
        Set<String> classKeys = new TreeSet<>(byClass.keySet());
        classKeys.addAll(in.unavailable().keySet());
        Set<String> useCases = new TreeSet<>();
        byClass.values().forEach(u -> useCases.addAll(u.keySet()));
        List<ClassResult> out = new ArrayList<>();
        for (String cls : classKeys) {
            ClassFacts facts = in.classes().getOrDefault(cls, new ClassFacts(cls, cls, 0, 0, 0, "none"));
            List<UseCaseResult> results = new ArrayList<>();
            for (String useCase : useCases) {
                Map<String, Map<String, AggregateRow>> groups = byClass.getOrDefault(cls, Map.of())
                        .getOrDefault(useCase, Map.of());
                List<Map.Entry<String, Map<String, AggregateRow>>> ordered = new ArrayList<>(groups.entrySet());
                ordered.sort(Comparator.comparingInt((Map.Entry<String, Map<String, AggregateRow>> e) ->
                        -e.getValue().values().stream().mapToInt(AggregateRow::requests).sum()).thenComparing(Map.Entry::getKey));
                if (ordered.isEmpty()) {
                    ordered.add(Map.entry("", Map.of()));
                }
                for (Map.Entry<String, Map<String, AggregateRow>> group : ordered) {
                    UseCaseResult r = one(in, cls, facts, useCase, group.getValue(), ordered.size());
                    if (r != null) {
                        results.add(r);
                    }
                }
            }
            out.add(new ClassResult(facts, results));
        }
        return out;
    }

    private static UseCaseResult one(ResultInputs in, String cls, ClassFacts facts, String useCase,
                                     Map<String, AggregateRow> models, int groups) {
        List<Candidate> candidates = new ArrayList<>();
        Map<String, SampleStats> statsOf = new LinkedHashMap<>();
        AggregateRow any = models.values().stream().findFirst().orElse(null);
        models.forEach((model, row) -> {
            SampleStats s = stats(row);
            statsOf.put(model, s);
            candidates.add(candidate(in, cls, facts, useCase, model, s, row));
        });
        in.unavailable().getOrDefault(cls, Map.of()).forEach((model, why) -> {
            if (!models.containsKey(model)) {
                candidates.add(new Candidate(model, in.parameters().getOrDefault(model, 0L), null, false,
                        SampleStats.of(List.of()), null, facts.ramBytes(), why.detail(), why.reason()));
            }
        });
        if (candidates.isEmpty()) {
            return null;
        }
        Recommendation r = Recommender.recommend(candidates, in.slo(), in.evidence());
        return new UseCaseResult(useCase, r, r.recommended() == null ? null : statsOf.get(r.recommended()),
                r.recommended() == null ? null : in.facts(cls, r.recommended()).peakRssBytes(),
                any == null ? null : engineWords(any), any == null ? null : any.promptSetVersion(), groups);
    }

    /** A measured model as the rule weighs it in this class and use case. */
    static Candidate candidate(ResultInputs in, String cls, ClassFacts facts, String useCase, String model,
                               SampleStats s, AggregateRow row) {
        ModelVariant v = in.variants().get(model);
        Long size = v == null || v.fileSizeBytes() <= 0 ? null : v.fileSizeBytes();
        return new Candidate(model, in.parameters().getOrDefault(model, 0L), in.quality().score(model, useCase), false,
                s, in.facts(cls, model).peakRssBytes(), facts.ramBytes(), null, null, row.quality(),
                in.quality().count(model, useCase), size, v == null ? null : v.quantization(),
                row.suspectedCpuFallback() > 0, row.energy() == null ? null : row.energy().joulesPerAnswer());
    }

    static String engineWords(AggregateRow r) {
        if (r.engine() == null && r.engineVersion() == null) {
            return null;
        }
        return r.engine() == null ? r.engineVersion() : r.engineVersion() == null ? r.engine()
                : r.engine() + " " + r.engineVersion();
    }

    /**
     * class → use case → engine build and prompt set → model → row. Within one group a model split further (only by
     * execution provider under one id) keeps its row with most requests.
     */
    static Map<String, Map<String, Map<String, Map<String, AggregateRow>>>> index(List<AggregateRow> rows) {
        Map<String, Map<String, Map<String, Map<String, AggregateRow>>>> out = new TreeMap<>();
        for (AggregateRow r : rows) {
            out.computeIfAbsent(r.keys().get(Dimension.HARDWARE_CLASS), k -> new TreeMap<>())
                    .computeIfAbsent(r.keys().getOrDefault(Dimension.USE_CASE, "all"), k -> new TreeMap<>())
                    .computeIfAbsent(r.engine() + '|' + r.engineVersion() + '|' + r.promptSetVersion(),
                            k -> new TreeMap<>())
                    .merge(r.keys().get(Dimension.MODEL), r,
                            (a, b) -> Comparator.comparingInt(AggregateRow::requests).compare(a, b) >= 0 ? a : b);
        }
        return out;
    }

    /** The statistics of an aggregate row in the shape the recommender reads. */
    public static SampleStats stats(AggregateRow r) {
        Summary empty = Summary.of(new double[0]);
        Map<Metric, Summary> m = r.metrics();
        return new SampleStats(r.requests(), r.failures(), r.requests() == 0 ? 0 : r.failures() / (double) r.requests(),
                m.getOrDefault(Metric.TTFT_MS, empty), m.getOrDefault(Metric.TPOT_MS, empty),
                m.getOrDefault(Metric.E2E_MS, empty), m.getOrDefault(Metric.DECODE_TPS, empty),
                m.getOrDefault(Metric.PREFILL_TPS, empty), empty);
    }
}
