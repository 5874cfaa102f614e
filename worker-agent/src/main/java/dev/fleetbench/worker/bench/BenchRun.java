package dev.fleetbench.worker.bench;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.recommend.Candidate;
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
import java.util.function.BooleanSupplier;

/**
 * A one-machine benchmark: every requested model in turn on one engine, then the comparison and the
 * recommendation. A model that cannot be found or loaded is a row with its reason, and the run goes on.
 */
public final class BenchRun {

    /** What a bench run produced. */
    public record Result(BenchReport report, Recommendation recommendation) {
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

    /**
     * @param models    what the user typed: aliases or variant ids, in order
     * @param device    wanted device or null
     * @param cancelled stops the run at the next request boundary
     */
    public Result run(List<String> models, DeviceType device, MeasurementPlan plan, ServiceLevels slo,
                      PlanListener listener, BooleanSupplier cancelled) {
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
        return new Result(report, Recommender.recommend(candidates(report, variants, plan), slo));
    }

    private List<Candidate> candidates(BenchReport report, Map<String, ModelVariant> variants, MeasurementPlan plan) {
        Map<String, PromptSpec> prompts = new HashMap<>();
        plan.prompts().forEach(p -> prompts.put(p.prompt().id(), p.prompt()));
        List<Candidate> out = new ArrayList<>();
        for (ModelPhases p : report.phases()) {
            List<Sample> own = report.samples().stream().filter(s -> s.model().equals(p.model())).toList();
            boolean qualityFailed = own.stream()
                    .filter(s -> s.kind() == SampleKind.MEASURED && s.ok())
                    .anyMatch(s -> {
                        PromptSpec prompt = prompts.get(s.promptId());
                        return prompt != null && prompt.expect() != null && !prompt.expect().matches(s.text());
                    });
            ModelVariant v = variants.get(p.model());
            out.add(new Candidate(p.model(), v == null ? 0 : v.parameterCount(), null, qualityFailed,
                    SampleStats.of(own), p.peakRssBytes(), profile.memory().totalBytes(),
                    p.failureCode() == null ? null : p.failureCode() + ": " + p.failureMessage()));
        }
        return out;
    }
}
