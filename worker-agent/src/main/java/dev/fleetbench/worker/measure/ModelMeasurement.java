package dev.fleetbench.worker.measure;

import dev.fleetbench.common.metrics.StreamTimeline;
import dev.fleetbench.common.model.DeviceTruth;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.worker.engine.CachedModel;
import dev.fleetbench.worker.engine.ChatMessage;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.DownloadResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.InferenceEngine;
import dev.fleetbench.worker.energy.EnergyMeter;
import dev.fleetbench.worker.energy.EnergyMeters;
import dev.fleetbench.worker.energy.EnergySpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Executes a {@link MeasurementPlan} for one model variant on one engine and reports the per-model phases. Every
 * request becomes a sample handed to the sink as soon as it is done (the agent writes it to its outbox there); a
 * model that cannot be downloaded or loaded ends with a failure code in its phases, never an exception.
 */
public final class ModelMeasurement {

    private final RequestRunner requests;
    private final ResourceSampler sampler;
    private final LongSupplier nanoClock;
    private final long ownPid;
    /** Decode CPU use of CPU variants measured by this agent, per alias: the reference of the fallback rule. */
    private final CpuReferences references = new CpuReferences();
    private final EnergyMeters energy;
    private final Duration idleWindow;
    private final EnergySpan.Sleeper sleeper;

    /** 20 ms between CPU-time readings while a request decodes: two clock ticks, five readings per 100 ms. */
    /** 2 s of idle before each lease: RAPL updates every ~1 ms, a battery's rate every few seconds at best. */
    public static final Duration IDLE_WINDOW = Duration.ofSeconds(2);

    static final java.time.Duration TRACE_INTERVAL = java.time.Duration.ofMillis(20);

    public ModelMeasurement(RequestRunner requests, ResourceSampler sampler, LongSupplier nanoClock, long ownPid) {
        this(requests, sampler, nanoClock, ownPid, EnergyMeters.none(), Duration.ZERO, EnergySpan.Sleeper.SYSTEM);
    }

    /**
     * @param energy     chooses the energy counter read around every request of a lease (none: no energy figures)
     * @param idleWindow how long the counter is read with nothing asked of the engine before each lease, for the idle
     *                   power reported beside every sample's energy (zero: not measured)
     * @param sleeper    waits out the idle window
     */
    public ModelMeasurement(RequestRunner requests, ResourceSampler sampler, LongSupplier nanoClock, long ownPid,
                            EnergyMeters energy, Duration idleWindow, EnergySpan.Sleeper sleeper) {
        this.requests = requests;
        this.sampler = sampler;
        this.nanoClock = nanoClock;
        this.ownPid = ownPid;
        this.energy = java.util.Objects.requireNonNull(energy, "energy");
        this.idleWindow = java.util.Objects.requireNonNull(idleWindow, "idleWindow");
        this.sleeper = java.util.Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * @param cancelled polled between requests; when true the plan stops at the next request boundary
     */
    public ModelPhases run(InferenceEngine engine, ModelVariant variant, MeasurementPlan plan, Placement placement,
                           FingerprintFactory fingerprints, Consumer<Sample> sink, PlanListener listener,
                           BooleanSupplier cancelled) {
        Phases phases = new Phases(variant.id());
        phases.listener = listener;
        phases.absorb(engine); // e.g. how an alias was resolved to this variant
        phases.meter = energy.choose(); // null: no counter on this machine now, and its samples carry no energy
        if (phases.meter != null) {
            // before anything of the lease runs: no download, no model loaded
            phases.idleWatts = EnergySpan.idleWatts(phases.meter, nanoClock, idleWindow, sleeper);
        }
        try {
            download(engine, variant, phases, listener);
            phases.absorb(engine);
            listener.onPhase(variant.id(), "load", "loading " + variant.id());
            long t0 = nanoClock.getAsLong();
            engine.load(variant);
            phases.loadMs = ms(nanoClock.getAsLong() - t0);
            phases.absorb(engine);
            listener.onPhase(variant.id(), "load", String.format("loaded in %.0f ms", phases.loadMs));
            requests(engine, variant, plan, placement, fingerprints, sink, listener, cancelled, phases);
        } catch (EngineException e) {
            phases.absorb(engine);
            phases.fail(e);
            listener.onPhase(variant.id(), "failed", e.code() + ": " + e.getMessage());
        } finally {
            if (plan.unloadAfter()) {
                try {
                    engine.unload(variant);
                } catch (EngineException e) {
                    phases.events.add("unload failed: " + e.getMessage());
                }
            }
            phases.absorb(engine);
        }
        return phases.toRecord();
    }

    private void download(InferenceEngine engine, ModelVariant variant, Phases phases, PlanListener listener)
            throws EngineException {
        boolean cached = engine.cached().stream().map(CachedModel::id).anyMatch(variant.id()::equalsIgnoreCase);
        if (cached) {
            return;
        }
        listener.onPhase(variant.id(), "download", "downloading " + variant.id());
        long t0 = nanoClock.getAsLong();
        DownloadResult r = engine.download(variant, (pct, detail) -> listener.onDownloadProgress(variant.id(), pct, detail));
        if (!r.alreadyCached()) {
            phases.downloadMs = ms(nanoClock.getAsLong() - t0);
            phases.downloadBytes = r.bytes();
        }
    }

    private void requests(InferenceEngine engine, ModelVariant variant, MeasurementPlan plan, Placement placement,
                          FingerprintFactory fingerprints, Consumer<Sample> sink, PlanListener listener,
                          BooleanSupplier cancelled, Phases phases) {
        List<PlannedPrompt> prompts = plan.prompts();
        Fingerprint fingerprint = fingerprints.of(variant, plan.promptSetVersion(), engine.fingerprintSettings(variant));
        phases.enginePid = engine.engineProcessId();
        phases.truth = new DeviceTruth(variant.deviceType(), variant.executionProvider(), variant.deviceType(),
                variant.executionProvider(), engine.deviceSource(), null, null, null);
        Sample cold = one(phases, engine, variant, prompts.get(0), SampleKind.COLD, 0, plan, placement, fingerprint, cancelled);
        phases.coldTtftMs = cold.ttftMs();
        phases.coldE2eMs = cold.e2eMs();
        emit(cold, sink, listener);
        for (int i = 0; i < plan.warmups() && !stop(cancelled, phases); i++) {
            emit(one(phases, engine, variant, prompts.get(i % prompts.size()), SampleKind.WARMUP, i, plan, placement,
                    fingerprint, cancelled), sink, listener);
        }
        OptionalLong enginePid = phases.enginePid;
        ResourceSampler.Window engineWindow = enginePid.isPresent() ? sampler.start(enginePid.getAsLong()) : null;
        ResourceSampler.Window agentWindow = sampler.start(ownPid);
        try {
            for (int round = 0; round < plan.rounds(); round++) {
                for (PlannedPrompt prompt : prompts) {
                    if (round >= prompt.repetitions()) {
                        continue;
                    }
                    if (stop(cancelled, phases)) {
                        return;
                    }
                    emit(one(phases, engine, variant, prompt, SampleKind.MEASURED, prompt.firstRepetition() + round, plan,
                            placement, fingerprint, cancelled), sink, listener);
                }
            }
        } finally {
            ResourceUsage agent = agentWindow.stop();
            ResourceUsage eng = engineWindow == null ? ResourceUsage.UNKNOWN : engineWindow.stop();
            phases.peakRssBytes = eng.peakRssBytes();
            phases.avgCpuPercent = eng.avgCpuPercent();
            phases.agentCpuPercent = agent.avgCpuPercent();
        }
    }

    private Sample one(Phases phases, InferenceEngine engine, ModelVariant variant, PlannedPrompt planned,
                       SampleKind kind, int rep,
                       MeasurementPlan plan, Placement placement, Fingerprint fingerprint, BooleanSupplier cancelled) {
        PromptSpec prompt = planned.prompt();
        String text = prompt.text();
        dev.fleetbench.common.model.ContextBuild contextBuild = null;
        if (prompt.contextTokens() != null) {
            ContextPrompt.Outcome built = phases.contextPrompts.computeIfAbsent(prompt.contextTokens(),
                    n -> contextPrompt(engine, variant, prompt, phases));
            if (built.doesNotFit() != null) {
                return requests.notRun(new SampleContext(variant.id(), prompt, planned.cellId(), kind, rep, placement,
                        fingerprint), dev.fleetbench.common.model.FailureCode.DOES_NOT_FIT, built.doesNotFit());
            }
            text = built.text();
            contextBuild = built.describe(prompt.contextTokens());
        }
        ChatRequest request = new ChatRequest(variant.id(), List.of(ChatMessage.user(text)),
                prompt.maxTokens(), 0.0, 42, plan.timeouts(), cancelled);
        ResourceSampler.Trace trace = phases.enginePid.isPresent()
                ? sampler.trace(phases.enginePid.getAsLong(), TRACE_INTERVAL) : null;
        StreamTimeline[] timeline = new StreamTimeline[1];
        EnergyMeter.Reading before = phases.meter == null ? null : phases.meter.read(nanoClock.getAsLong());
        Sample sample = requests.run(engine, request, new SampleContext(variant.id(), prompt, planned.cellId(), kind,
                rep, placement, fingerprint), t -> timeline[0] = t);
        EnergyMeter.Reading after = before == null ? null : phases.meter.read(nanoClock.getAsLong());
        sample = sample.withEnergy(EnergySpan.between(phases.meter, before, after, sample.nOut(), phases.idleWatts));
        Double decodeCpu = trace == null ? null : trace.stop(timeline[0]);
        sample = sample.withContextPrompt(contextBuild).withPeakRssBytes(trace == null ? null : trace.peakRssBytes());
        phases.absorb(engine); // self-healing during the request (service restarted, port changed)
        if (phases.truth == null) {
            return sample;
        }
        if (decodeCpu != null && kind == SampleKind.MEASURED && sample.ok() && variant.deviceType() == DeviceType.CPU) {
            references.add(variant.alias(), decodeCpu);
        }
        return sample.withDeviceTruth(phases.truth.withDecodeCpu(decodeCpu, references.of(variant.alias())));
    }

    /**
     * The prompt of a context-length cell for the loaded model: exact with the engine's tokenizer, else approximated
     * (said once in the phases' events); a tokenizer that fails is an approximation too, with its reason.
     */
    private static ContextPrompt.Outcome contextPrompt(InferenceEngine engine, ModelVariant variant, PromptSpec prompt,
                                                       Phases phases) {
        int n = prompt.contextTokens();
        dev.fleetbench.worker.engine.PromptTokens tokens = engine.promptTokens(variant.id());
        if (tokens != null) {
            try {
                return ContextPrompt.exact(n, tokens.contextWindow(), prompt.maxTokens(), tokens::count);
            } catch (EngineException e) {
                String why = "the tokenizer failed: " + e.getMessage();
                phases.events.add("context prompt of " + n + " tokens approximated: " + why);
                return ContextPrompt.approximate(n, tokens.contextWindow(), prompt.maxTokens()).because(why);
            }
        }
        phases.events.add("context prompt of " + n + " tokens approximated at " + ContextPrompt.APPROX_CHARS_PER_TOKEN
                + " characters per token: the engine exposes no tokenizer");
        return ContextPrompt.approximate(n, null, prompt.maxTokens()).because("the engine exposes no tokenizer");
    }

    private static void emit(Sample s, Consumer<Sample> sink, PlanListener listener) {
        sink.accept(s);
        listener.onSample(s);
    }

    private static boolean stop(BooleanSupplier cancelled, Phases phases) {
        if (cancelled.getAsBoolean()) {
            phases.events.add("cancelled: remaining requests not run");
            return true;
        }
        return false;
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** Mutable accumulator of one run, frozen into {@link ModelPhases} at the end. */
    private static final class Phases {
        final String model;
        Double downloadMs;
        Long downloadBytes;
        Double loadMs;
        Double coldTtftMs;
        Double coldE2eMs;
        Long peakRssBytes;
        Double avgCpuPercent;
        Double agentCpuPercent;
        OptionalLong enginePid = OptionalLong.empty();
        DeviceTruth truth;
        EnergyMeter meter;
        Double idleWatts;
        final java.util.Map<Integer, ContextPrompt.Outcome> contextPrompts = new java.util.HashMap<>();
        EngineException failure;
        final List<String> events = new ArrayList<>();
        PlanListener listener;

        Phases(String model) {
            this.model = model;
        }

        /** Moves what the engine did on its own into the events, each with the listener told. */
        void absorb(InferenceEngine engine) {
            for (String e : engine.drainEvents()) {
                events.add(e);
                if (listener != null) {
                    listener.onPhase(model, "engine", e);
                }
            }
        }

        void fail(EngineException e) {
            failure = e;
        }

        ModelPhases toRecord() {
            return new ModelPhases(model, downloadMs, downloadBytes, loadMs, coldTtftMs, coldE2eMs, peakRssBytes,
                    avgCpuPercent, agentCpuPercent, failure == null ? null : failure.code(),
                    failure == null ? null : failure.getMessage(), events);
        }
    }
}
