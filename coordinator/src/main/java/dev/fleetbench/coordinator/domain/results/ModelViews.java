package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.recommend.Candidate;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.common.recommend.Recommender;
import dev.fleetbench.common.stats.SampleStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model-centred views: which hardware classes run a model well (the inverse of a recommendation), and the measured
 * hardware-requirements table (per model, the smallest RAM class and device that met the service levels, and the
 * peak memory measured there) that replaces the hand-written RAM guide. Pure.
 */
public final class ModelViews {

    /** How one model fared on one class. */
    public record ClassFit(String hardwareClass, String label, int ramGb, String accelerator, boolean meetsSlo,
                           String reason, SampleStats stats, Long peakRssBytes) {
    }

    /** One row of the requirements table. */
    public record Requirement(String model, Integer minRamGb, String accelerator, String hardwareClass,
                              Long peakRssBytes, int classesMeeting, int classesMeasured) {
    }

    private ModelViews() {
    }

    /** Every model's fit on every class it was measured on, best decode first. */
    public static Map<String, List<ClassFit>> fits(ResultInputs in) {
        Map<String, List<ClassFit>> out = new LinkedHashMap<>();
        for (AggregateRow r : in.classModelRows()) {
            String cls = r.keys().get(Dimension.HARDWARE_CLASS);
            String model = r.keys().get(Dimension.MODEL);
            ClassFacts facts = in.classes().getOrDefault(cls, new ClassFacts(cls, cls, 0, 0, 0, "none"));
            SampleStats stats = Recommendations.stats(r);
            Long peak = in.facts(cls, model).peakRssBytes();
            // Speed, memory, energy, evidence and CPU fallback only: quality is judged per use case (the recommendations), not per model.
            Recommendation.Rejection why = Recommender.check(new Candidate(model, in.parameters().getOrDefault(model, 0L),
                    null, false, stats, peak, facts.ramBytes(), null, null)
                    .withSuspectedCpuFallback(r.suspectedCpuFallback() > 0)
                    .withJoulesPerAnswer(r.energy() == null ? null : r.energy().joulesPerAnswer()), in.slo(), in.evidence());
            out.computeIfAbsent(model, m -> new ArrayList<>()).add(new ClassFit(cls, facts.label(), facts.ramGb(),
                    facts.accelerator(), why == null, why == null ? null : why.detail(), stats, peak));
        }
        out.values().forEach(l -> l.sort(Comparator.comparing((ClassFit f) -> f.stats().decodeTps().p50() == null
                ? Double.NEGATIVE_INFINITY : f.stats().decodeTps().p50()).reversed()));
        return out;
    }

    /** Per model: the smallest class (by RAM) that met the service levels, with the peak memory measured there. */
    public static List<Requirement> requirements(ResultInputs in) {
        List<Requirement> out = new ArrayList<>();
        fits(in).forEach((model, fits) -> {
            ClassFit smallest = fits.stream().filter(ClassFit::meetsSlo)
                    .min(Comparator.comparingInt(ClassFit::ramGb).thenComparing(ClassFit::hardwareClass)).orElse(null);
            int meeting = (int) fits.stream().filter(ClassFit::meetsSlo).count();
            out.add(smallest == null ? new Requirement(model, null, null, null, null, 0, fits.size())
                    : new Requirement(model, smallest.ramGb(), smallest.accelerator(), smallest.hardwareClass(),
                    smallest.peakRssBytes(), meeting, fits.size()));
        });
        return out;
    }
}
