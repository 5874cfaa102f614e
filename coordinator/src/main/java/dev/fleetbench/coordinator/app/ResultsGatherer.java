package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.recommend.EvidenceRules;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.common.recommend.ServiceLevels;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.ClassFacts;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.domain.results.GroupKey;
import dev.fleetbench.coordinator.domain.results.ModelFacts;
import dev.fleetbench.coordinator.domain.results.QualityScores;
import dev.fleetbench.coordinator.domain.results.ResultInputs;
import dev.fleetbench.coordinator.store.LeaseRecord;
import dev.fleetbench.coordinator.store.SampleStore;
import dev.fleetbench.coordinator.store.StoredWorker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * Reads from the store everything the results views are computed from (runs on a store reader thread): the hardware
 * classes the samples were stored with, aggregates, per-lease figures, quality checks on the answers, stability, what could not run
 * where, and the ratings.
 */
final class ResultsGatherer {

    private static final int PAGE = 10_000;

    private ResultsGatherer() {
    }

    static Map<String, String> useCases(Map<String, CampaignSpec> specs) {
        Map<String, String> out = new HashMap<>();
        specs.values().forEach(spec -> spec.prompts().prompts().forEach(p -> out.put(p.id(), p.category().wire())));
        return out;
    }

    static ResultInputs gather(ResultsService.Stores s, Map<String, CampaignSpec> specs) {
        List<String> ids = List.copyOf(specs.keySet());
        Map<String, Long> params = new HashMap<>();
        Map<String, ModelVariant> variants = new HashMap<>();
        for (StoredWorker w : s.workers().workers()) {
            for (ModelVariant v : w.registration().catalog()) {
                params.put(v.id(), v.parameterCount());
                variants.put(v.id(), v);
            }
        }
        StoredClasses stored = StoredClasses.read(s, ids);
        Map<String, String> useCase = useCases(specs);
        List<AggregateRow> rows = s.results().aggregate(new AggregateRequest(ids,
                List.of(Dimension.HARDWARE_CLASS, Dimension.USE_CASE, Dimension.MODEL), useCase));
        List<AggregateRow> classModel = s.results().aggregate(new AggregateRequest(ids,
                List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL), useCase));
        Map<String, ClassFacts> classes = stored.facts(classModel);
        List<Cell> cells = new ArrayList<>();
        Set<GroupKey> unstable = new HashSet<>();
        Map<String, Map<String, List<ModelPhases>>> phases = new TreeMap<>();
        for (String id : ids) {
            List<Cell> campaignCells = s.campaigns().cells(id);
            cells.addAll(campaignCells);
            Set<String> unstableCells = s.results().unstableCells(id, null);
            for (Cell c : campaignCells) {
                if (unstableCells.contains(c.id())) {
                    unstable.add(new GroupKey(stored.keyOf(c.workerId()), c.variantId(), null, null));
                }
            }
            for (LeaseRecord l : s.leases().leases(id)) {
                if (l.phases() != null) {
                    phases.computeIfAbsent(stored.keyOf(l.workerId()), k -> new TreeMap<>())
                            .computeIfAbsent(l.variantId(), k -> new ArrayList<>()).add(l.phases());
                }
            }
        }
        ServiceLevels slo = specs.values().stream().findFirst().map(CampaignSpec::slo).orElse(ServiceLevels.DEFAULTS);
        EvidenceRules evidence = specs.values().stream().findFirst().map(CampaignSpec::evidence)
                .orElse(EvidenceRules.DEFAULTS);
        return new ResultInputs(rows, classModel, classes, modelFacts(phases), params,
                qualityFailures(s.samples(), specs),
                unstable, unavailable(cells, classModel, stored), QualityScores.of(s.ratings().ratings(ids)), slo, ids,
                evidence, variants);
    }

    private static Map<String, Map<String, ModelFacts>> modelFacts(Map<String, Map<String, List<ModelPhases>>> phases) {
        Map<String, Map<String, ModelFacts>> out = new TreeMap<>();
        phases.forEach((cls, models) -> models.forEach((model, list) -> {
            Long peak = list.stream().map(ModelPhases::peakRssBytes).filter(java.util.Objects::nonNull)
                    .max(Long::compare).orElse(null);
            out.computeIfAbsent(cls, k -> new TreeMap<>()).put(model, new ModelFacts(peak,
                    median(list.stream().map(ModelPhases::loadMs).toList()),
                    median(list.stream().map(ModelPhases::coldTtftMs).toList())));
        }));
        return out;
    }

    private static Double median(List<Double> values) {
        double[] v = values.stream().filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        return v.length == 0 ? null : new Median().evaluate(v);
    }

    /** Models with a measured answer that failed its prompt's expectation. */
    static Set<String> qualityFailures(SampleStore s, Map<String, CampaignSpec> specs) {
        Set<String> failed = new HashSet<>();
        for (Map.Entry<String, CampaignSpec> e : specs.entrySet()) {
            Map<String, PromptSpec> checked = new HashMap<>();
            e.getValue().prompts().prompts().stream().filter(p -> p.expect() != null).forEach(p -> checked.put(p.id(), p));
            if (checked.isEmpty()) {
                continue;
            }
            for (int offset = 0; ; offset += PAGE) {
                List<Sample> page = s.samples(e.getKey(), offset, PAGE);
                for (Sample x : page) {
                    PromptSpec p = checked.get(x.promptId());
                    if (p != null && x.kind() == SampleKind.MEASURED && x.ok() && !p.expect().matches(x.text())) {
                        failed.add(x.model());
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
        return failed;
    }

    /** For models with no samples on a class: why (from their cells' reasons). */
    private static Map<String, Map<String, ResultInputs.Unavailable>> unavailable(List<Cell> cells, List<AggregateRow> rows,
                                                                                StoredClasses stored) {
        Set<GroupKey> measured = new HashSet<>();
        rows.forEach(r -> measured.add(new GroupKey(r.keys().get(Dimension.HARDWARE_CLASS), r.keys().get(Dimension.MODEL),
                null, null)));
        Map<String, Map<String, ResultInputs.Unavailable>> out = new TreeMap<>();
        for (Cell c : cells) {
            String cls = stored.keyOf(c.workerId());
            String model = c.variantId() != null ? c.variantId() : c.model();
            if (measured.contains(new GroupKey(cls, model, null, null))
                    || (c.status() != CellStatus.DOES_NOT_FIT && c.status() != CellStatus.FAILED)) {
                continue;
            }
            Recommendation.Reason reason = c.status() == CellStatus.FAILED ? Recommendation.Reason.NOT_MEASURED
                    : c.reason() != null && c.reason().contains("needs about") ? Recommendation.Reason.DOES_NOT_FIT
                    : Recommendation.Reason.NO_VARIANT;
            out.computeIfAbsent(cls, k -> new TreeMap<>()).putIfAbsent(model, new ResultInputs.Unavailable(reason, c.reason()));
        }
        return out;
    }
}
