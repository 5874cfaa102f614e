package dev.fleetbench.worker.measure;

import dev.fleetbench.common.metrics.RequestMetrics;
import dev.fleetbench.common.metrics.StreamTimeline;
import dev.fleetbench.common.metrics.TokenCounts;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.InferenceEngine;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs one streamed request and turns it into a {@link Sample}, whatever happens: a failure becomes a failed
 * sample carrying its code, its message and whatever was measured before it failed. The same code measures every
 * engine, so no engine is trusted to time itself.
 */
public final class RequestRunner {

    private final LongSupplier nanoClock;
    private final Clock wallClock;
    private final Supplier<String> ids;
    private final Supplier<PowerSource> power;

    /**
     * @param nanoClock monotonic clock for timestamps ({@code System::nanoTime})
     * @param wallClock wall clock for {@code started_at_ms} only
     * @param ids       sample id generator (random UUIDs outside tests)
     */
    public RequestRunner(LongSupplier nanoClock, Clock wallClock, Supplier<String> ids) {
        this(nanoClock, wallClock, ids, null);
    }

    /**
     * @param power the power source now, read when each request starts and stored in its sample's fingerprint
     *              (a laptop unplugged mid-campaign is on battery from that sample on); null keeps the fingerprint's
     */
    public RequestRunner(LongSupplier nanoClock, Clock wallClock, Supplier<String> ids, Supplier<PowerSource> power) {
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
        this.ids = ids;
        this.power = power;
    }

    public Sample run(InferenceEngine engine, ChatRequest request, SampleContext ctx) {
        return run(engine, request, ctx, t -> { });
    }

    /** A request that was not sent, as a sample with its code and reason (e.g. a prompt longer than the model takes). */
    public Sample notRun(SampleContext ctx, FailureCode code, String reason) {
        Placement p = ctx.placement();
        return Sample.builder(ids.get(), ctx.model(), ctx.prompt().id(), ctx.kind(), ctx.repetition())
                .placement(p.campaignId(), ctx.cellId(), p.leaseId(), p.workerId())
                .startedAtMs(wallClock.millis())
                .fingerprint(power == null || ctx.fingerprint() == null ? ctx.fingerprint()
                        : ctx.fingerprint().withPowerSource(power.get()))
                .failed(code, reason);
    }

    /** As {@link #run(InferenceEngine, ChatRequest, SampleContext)}, handing the request's timeline to {@code onTimeline}. */
    public Sample run(InferenceEngine engine, ChatRequest request, SampleContext ctx, Consumer<StreamTimeline> onTimeline) {
        Placement p = ctx.placement();
        Sample.Builder sample = Sample.builder(ids.get(), ctx.model(), ctx.prompt().id(), ctx.kind(), ctx.repetition())
                .placement(p.campaignId(), ctx.cellId(), p.leaseId(), p.workerId())
                .startedAtMs(wallClock.millis())
                .fingerprint(power == null || ctx.fingerprint() == null ? ctx.fingerprint()
                        : ctx.fingerprint().withPowerSource(power.get()));
        TimelineRecorder recorder = new TimelineRecorder(nanoClock);
        try {
            ChatResult result = engine.chat(request, recorder);
            StreamTimeline timeline = recorder.finish();
            onTimeline.accept(timeline);
            TokenCounts counts = TokenCounts.resolve(result.usagePromptTokens(), result.usageOutputTokens(),
                    result.countedPromptTokens(), result.countedOutputTokens(), timeline.tokenChunks());
            RequestMetrics metrics = RequestMetrics.derive(timeline, counts);
            Map<String, Double> timings = result.engineTimings();
            Double cached = timings.get(ChatResult.CACHED_PROMPT_TOKENS);
            if (cached != null && cached > 0) {
                // Served partly from the engine's prompt cache: its first token says nothing about prefill, so TTFT,
                // TTFC and the prefill rate stay out of every statistic (stores and bench skip nulls); the measured
                // values are kept beside the engine's own figures, and cached_prompt_tokens flags the sample.
                timings = new LinkedHashMap<>(timings);
                putIfKnown(timings, "ttft_ms_cached_prompt", metrics.ttftMs());
                putIfKnown(timings, "ttfc_ms_cached_prompt", metrics.ttfcMs());
                putIfKnown(timings, "prefill_tps_cached_prompt", metrics.prefillTps());
                metrics = new RequestMetrics(null, null, metrics.tpotMs(), metrics.e2eMs(), metrics.decodeTps(), null,
                        metrics.nIn(), metrics.nOut(), metrics.tokensApproximate(), metrics.itlGapsMs());
            }
            sample.metrics(metrics)
                    .text(recorder.text())
                    .finishReason(result.finishReason())
                    .engineTimings(timings);
            if (timeline.tokenChunks() == 0) {
                return sample.failed(FailureCode.EMPTY_RESPONSE, "the engine finished without generating any text"
                        + (result.finishReason() == null ? "" : " (finish reason: " + result.finishReason() + ")"));
            }
            // Scored here, where the sample is born, so bench and the coordinator read the same score.
            return sample.quality(ctx.prompt().expect() == null ? null : ctx.prompt().expect().score(recorder.text()))
                    .ok();
        } catch (EngineException e) {
            return partial(sample, recorder).failed(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            // A defect in an engine must not kill the run: record it, with its type, as a failed sample.
            return partial(sample, recorder).failed(FailureCode.INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void putIfKnown(Map<String, Double> timings, String key, Double value) {
        if (value != null) {
            timings.put(key, value);
        }
    }

    /** What was measured before a failure: timestamps so far, chunk-counted tokens, partial text. */
    private static Sample.Builder partial(Sample.Builder sample, TimelineRecorder recorder) {
        if (!recorder.sent()) {
            return sample;
        }
        StreamTimeline timeline = recorder.finish();
        return sample.metrics(RequestMetrics.derive(timeline,
                        TokenCounts.resolve(null, null, null, null, timeline.tokenChunks())))
                .text(recorder.text());
    }
}
