package dev.fleetbench.worker.bench;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.recommend.Candidate;
import dev.fleetbench.common.recommend.Candidates;
import dev.fleetbench.common.recommend.EvidenceRules;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.common.recommend.Recommender;
import dev.fleetbench.common.recommend.ServiceLevels;
import dev.fleetbench.common.stats.SampleStats;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.InferenceEngine;
import dev.fleetbench.worker.measure.FingerprintFactory;
import dev.fleetbench.worker.measure.MeasurementPlan;
import dev.fleetbench.worker.measure.ModelMeasurement;
import dev.fleetbench.worker.measure.Placement;
import dev.fleetbench.worker.measure.PlanListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * A one-machine benchmark: every requested model in turn on one engine, then the comparison and the recommendation
 * per use case (the prompts' categories), by the same rule as the fleet's. A model that cannot be found or loaded is a
 * row with its reason, and the run goes on.
 */
public final class BenchRun {

    /**
     * What a bench run produced.
     *
     * @param recommendation over all prompts, without quality (quality is judged per use case only)
     * @param byUseCase      use case → the recommendation there, judged on that use case's samples and scores
     */
    public record Result(BenchReport report, Recommendation recommendation, Map<String, Recommendation> byUseCase) {
    }

    private final InferenceEngine engine;
    private final HardwareProfile profile;
    private final ModelMeasurement measurement;
    private final FingerprintFactory fingerprints;

    public BenchRun(InferenceEngine engine, HardwareProfile profile, ModelMeasurement measurement, String agentVersion) {
        this.engine = engine;
        this.profile = profile;
        this.measurement = measurement;
        this.fingerprints = new FingerprintFactory(profile, engine.info(), agentVersion);
    }

    public Result run(List<String> models, DeviceType device, MeasurementPlan plan, ServiceLevels slo,
                      PlanListener listener, BooleanSupplier cancelled) {
        return run(models, device, plan, slo, EvidenceRules.DEFAULTS, listener, cancelled);
    }

    /**
     * @param models    what the user typed: aliases or variant ids, in order
     * @param device    wanted device or null
     * @param cancelled stops the run at the next request boundary
     */
    public Result run(List<String> models, DeviceType device, MeasurementPlan plan, ServiceLevels slo,
                      EvidenceRules evidence, PlanListener listener, BooleanSupplier cancelled) {
        List<ModelPhases> phases = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        Map<String, ModelVariant> variants = new HashMap<>();
        for (String name : models) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            ModelVariant variant;
            try {
                variant = engine.resolve(name, device);
            } catch (EngineException e) {
                listener.onPhase(name, "failed", e.code() + ": " + e.getMessage());
                phases.add(new ModelPhases(name, null, null, null, null, null, null, null, null, e.code(),
                        e.getMessage(), List.of()));
                continue;
            }
            if (!variant.id().equals(name)) {
                listener.onPhase(name, "resolved", "runs " + variant.id()); // say which model ran
            }
            variants.put(variant.id(), variant);
            phases.add(measurement.run(engine, variant, plan, Placement.LOCAL, fingerprints, samples::add, listener,
                    cancelled));
        }
        BenchReport report = new BenchReport(profile, engine.info().kind() + " " + engine.info().version(), phases,
                samples);
        return recommend(report, variants, plan, slo, evidence);
    }

    static Result recommend(BenchReport report, Map<String, ModelVariant> variants, MeasurementPlan plan,
                            ServiceLevels slo, EvidenceRules evidence) {
        Map<String, String> useCaseOf = new HashMap<>();
        plan.prompts().forEach(p -> useCaseOf.put(p.prompt().id(), p.prompt().category().wire()));
        return recommend(report, variants, useCaseOf, slo, evidence);
    }

    /**
     * The recommendations of a finished run (or of any samples with their phases): over all prompts, and per use case
     * ({@code useCaseOf}: prompt id → use case). Pure.
     */
    public static Result recommend(BenchReport report, Map<String, ModelVariant> variants,
                                   Map<String, String> useCaseOf, ServiceLevels slo, EvidenceRules evidence) {
        Map<String, Recommendation> byUseCase = new TreeMap<>();
        for (String useCase : new java.util.TreeSet<>(useCaseOf.values())) {
            byUseCase.put(useCase, Recommender.recommend(candidates(report, variants,
                    s -> useCase.equals(useCaseOf.get(s.promptId())), true), slo, evidence));
        }
        return new Result(report, Recommender.recommend(candidates(report, variants, s -> true, false), slo, evidence),
                byUseCase);
    }

    private static List<Candidate> candidates(BenchReport report, Map<String, ModelVariant> variants,
                                              java.util.function.Predicate<Sample> inUseCase, boolean withQuality) {
        List<Candidate> out = new ArrayList<>();
        long ram = report.hardware().memory().totalBytes();
        for (ModelPhases p : report.phases()) {
            ModelVariant v = variants.get(p.model());
            if (p.failureCode() != null) {
                out.add(new Candidate(p.model(), v == null ? 0 : v.parameterCount(), null, false,
                        SampleStats.of(List.of()), p.peakRssBytes(), ram, p.failureCode() + ": " + p.failureMessage()));
                continue;
            }
            List<Sample> own = report.samples().stream().filter(s -> s.model().equals(p.model()) && inUseCase.test(s))
                    .toList();
            boolean fallback = own.stream().anyMatch(s -> s.kind() == SampleKind.MEASURED && s.deviceTruth() != null
                    && Boolean.TRUE.equals(s.deviceTruth().suspectedCpuFallback()));
            Candidate c = Candidates.of(p.model(), own, v, p.peakRssBytes(), ram);
            out.add((withQuality ? c : new Candidate(c.model(), c.parameterCount(), null, false, c.stats(),
                    c.peakRssBytes(), c.ramBytes(), null, null, null, 0, c.fileSizeBytes(), c.quantization()))
                    .withSuspectedCpuFallback(fallback));
        }
        return out;
    }
}
