package dev.fleetbench.common.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fleetbench.common.metrics.RequestMetrics;
import dev.fleetbench.common.quality.QualityScore;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One streamed request, measured on the worker. Born on the worker with its id, stored once by the coordinator
 * (the id is the primary key), read back only in aggregates, exports and the UI. A failed request is a sample too,
 * with {@code status = failed} and a {@link FailureCode}. Durations in ms, rates in tokens/s; metric fields are null
 * when undefined for this request (see {@link RequestMetrics}). Immutable.
 *
 * @param id                unique id made by the worker (UUID text)
 * @param campaignId        campaign, null for a local {@code bench} run
 * @param cellId            matrix cell, null for a local run
 * @param leaseId           lease under which it ran, null for a local run
 * @param workerId          worker that ran it, null for a local run
 * @param model             the model variant id that really ran
 * @param promptId          prompt id
 * @param repetition        0-based repetition index within its kind (cold is 0)
 * @param kind              cold, warmup or measured
 * @param status            ok or failed
 * @param failureCode       null when ok
 * @param failureMessage    what went wrong, for people; null when ok
 * @param startedAtMs       wall-clock start, epoch milliseconds (for time series only; durations use the monotonic clock)
 * @param ttftMs            time to first token
 * @param ttfcMs            time to first content token (after any reasoning)
 * @param tpotMs            time per output token after the first
 * @param e2eMs             end to end; null when the request never started
 * @param decodeTps         decode rate
 * @param prefillTps        prefill rate (includes queueing and transport)
 * @param nIn               prompt tokens; null when unknown
 * @param nOut              generated tokens; null when the request failed before any
 * @param tokensApproximate true when nOut counts chunks
 * @param itlGapsMs         inter-chunk gaps, raw
 * @param finishReason      the engine's finish reason ("stop", "length"); null when the engine did not say
 * @param text              the answer (untrusted text: render as text, never as HTML); empty when none
 * @param engineTimings     what the engine reported about itself (e.g. llama.cpp {@code timings}), stored beside ours
 * @param fingerprint       provenance
 * @param quality           the prompt's automatic check scored on this answer ({@code expect.score(text)}, computed
 *                          where the sample is built); null when the prompt has no check or the request failed
 * @param deviceTruth       the device and execution provider that ran it next to those asked for, the decode's CPU
 *                          use and the "suspected CPU fallback" verdict; null when the agent did not record them
 * @param energy            the energy the request used where the machine exposes a counter (joules, per output token,
 *                          source, estimate flag, idle power beside it); null when no counter was read
 * @param contextPrompt     how the prompt of a context-length sweep was built (counted with the model's tokenizer, or
 *                          approximated and flagged so); null for every other prompt and for a prompt not built
 * @param peakRssBytes      the engine process's largest resident memory seen while this request ran, bytes (read every
 *                          20 ms; for an in-process engine the agent's whole process); null when not sampled
 */
public record Sample(
        String id,
        String campaignId,
        String cellId,
        String leaseId,
        String workerId,
        String model,
        String promptId,
        int repetition,
        SampleKind kind,
        SampleStatus status,
        FailureCode failureCode,
        String failureMessage,
        long startedAtMs,
        Double ttftMs,
        Double ttfcMs,
        Double tpotMs,
        Double e2eMs,
        Double decodeTps,
        Double prefillTps,
        Integer nIn,
        Integer nOut,
        boolean tokensApproximate,
        List<Double> itlGapsMs,
        String finishReason,
        String text,
        Map<String, Double> engineTimings,
        Fingerprint fingerprint,
        QualityScore quality,
        DeviceTruth deviceTruth,
        Energy energy,
        ContextBuild contextPrompt,
        Long peakRssBytes) {

    public Sample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        if ((status == SampleStatus.FAILED) != (failureCode != null)) {
            throw new IllegalArgumentException("a failed sample needs a failure code, an ok sample must not have one");
        }
        itlGapsMs = itlGapsMs == null ? List.of() : List.copyOf(itlGapsMs);
        engineTimings = engineTimings == null ? Map.of() : Map.copyOf(engineTimings);
        text = text == null ? "" : text;
        if (quality != null && status == SampleStatus.FAILED) {
            throw new IllegalArgumentException("a failed sample has no quality score");
        }
        if (peakRssBytes != null && peakRssBytes < 0) {
            throw new IllegalArgumentException("peak_rss_bytes must not be negative, got " + peakRssBytes);
        }
    }

    /** A sample without a context prompt's build or a peak memory reading (samples made before they were recorded). */
    public Sample(String id, String campaignId, String cellId, String leaseId, String workerId, String model,
                  String promptId, int repetition, SampleKind kind, SampleStatus status, FailureCode failureCode,
                  String failureMessage, long startedAtMs, Double ttftMs, Double ttfcMs, Double tpotMs, Double e2eMs,
                  Double decodeTps, Double prefillTps, Integer nIn, Integer nOut, boolean tokensApproximate,
                  List<Double> itlGapsMs, String finishReason, String text, Map<String, Double> engineTimings,
                  Fingerprint fingerprint, QualityScore quality, DeviceTruth deviceTruth, Energy energy) {
        this(id, campaignId, cellId, leaseId, workerId, model, promptId, repetition, kind, status, failureCode,
                failureMessage, startedAtMs, ttftMs, ttfcMs, tpotMs, e2eMs, decodeTps, prefillTps, nIn, nOut,
                tokensApproximate, itlGapsMs, finishReason, text, engineTimings, fingerprint, quality, deviceTruth,
                energy, null, null);
    }

    /** True for every sample that statistics exclude (the cold request and warm-ups). */
    @JsonProperty(value = "warmup", access = JsonProperty.Access.READ_ONLY)
    public boolean warmup() {
        return kind != SampleKind.MEASURED;
    }

    public boolean ok() {
        return status == SampleStatus.OK;
    }

    /** The same sample placed in a campaign (ids assigned by the coordinator's lease). */
    public Sample withPlacement(String campaign, String cell, String lease, String worker) {
        return new Sample(id, campaign, cell, lease, worker, model, promptId, repetition, kind, status, failureCode,
                failureMessage, startedAtMs, ttftMs, ttfcMs, tpotMs, e2eMs, decodeTps, prefillTps, nIn, nOut,
                tokensApproximate, itlGapsMs, finishReason, text, engineTimings, fingerprint, quality,
                deviceTruth, energy, contextPrompt, peakRssBytes);
    }

    /** The same sample with what ran it and its CPU-fallback verdict (null to leave it unknown). */
    public Sample withDeviceTruth(DeviceTruth truth) {
        return new Sample(id, campaignId, cellId, leaseId, workerId, model, promptId, repetition, kind, status, failureCode,
                failureMessage, startedAtMs, ttftMs, ttfcMs, tpotMs, e2eMs, decodeTps, prefillTps, nIn, nOut,
                tokensApproximate, itlGapsMs, finishReason, text, engineTimings, fingerprint, quality,
                truth, energy, contextPrompt, peakRssBytes);
    }

    /** The same sample with the energy it used (null to leave it unknown). */
    public Sample withEnergy(Energy used) {
        return new Sample(id, campaignId, cellId, leaseId, workerId, model, promptId, repetition, kind, status, failureCode,
                failureMessage, startedAtMs, ttftMs, ttfcMs, tpotMs, e2eMs, decodeTps, prefillTps, nIn, nOut,
                tokensApproximate, itlGapsMs, finishReason, text, engineTimings, fingerprint, quality,
                deviceTruth, used, contextPrompt, peakRssBytes);
    }

    /** The same sample with how its context prompt was built (null: not a context prompt). */
    public Sample withContextPrompt(ContextBuild built) {
        return new Sample(id, campaignId, cellId, leaseId, workerId, model, promptId, repetition, kind, status, failureCode,
                failureMessage, startedAtMs, ttftMs, ttfcMs, tpotMs, e2eMs, decodeTps, prefillTps, nIn, nOut,
                tokensApproximate, itlGapsMs, finishReason, text, engineTimings, fingerprint, quality,
                deviceTruth, energy, built, peakRssBytes);
    }

    /** The same sample with the engine's peak resident memory during the request, bytes (null: not sampled). */
    public Sample withPeakRssBytes(Long peak) {
        return new Sample(id, campaignId, cellId, leaseId, workerId, model, promptId, repetition, kind, status, failureCode,
                failureMessage, startedAtMs, ttftMs, ttfcMs, tpotMs, e2eMs, decodeTps, prefillTps, nIn, nOut,
                tokensApproximate, itlGapsMs, finishReason, text, engineTimings, fingerprint, quality,
                deviceTruth, energy, contextPrompt, peak);
    }

    /** Starts a sample of one request; finish it with {@link Builder#ok} or {@link Builder#failed}. */
    public static Builder builder(String id, String model, String promptId, SampleKind kind, int repetition) {
        return new Builder(id, model, promptId, kind, repetition);
    }

    /** Assembles a {@link Sample}; not thread-safe. */
    public static final class Builder {
        private final String id;
        private final String model;
        private final String promptId;
        private final SampleKind kind;
        private final int repetition;
        private String campaignId;
        private String cellId;
        private String leaseId;
        private String workerId;
        private long startedAtMs;
        private RequestMetrics metrics;
        private String finishReason;
        private String text = "";
        private Map<String, Double> engineTimings = Map.of();
        private Fingerprint fingerprint;
        private QualityScore quality;

        private Builder(String id, String model, String promptId, SampleKind kind, int repetition) {
            this.id = id;
            this.model = model;
            this.promptId = promptId;
            this.kind = kind;
            this.repetition = repetition;
        }

        public Builder placement(String campaign, String cell, String lease, String worker) {
            this.campaignId = campaign;
            this.cellId = cell;
            this.leaseId = lease;
            this.workerId = worker;
            return this;
        }

        public Builder startedAtMs(long epochMs) {
            this.startedAtMs = epochMs;
            return this;
        }

        /** Metrics measured so far; a failed request keeps whatever was measured before it failed. */
        public Builder metrics(RequestMetrics m) {
            this.metrics = m;
            return this;
        }

        public Builder finishReason(String reason) {
            this.finishReason = reason;
            return this;
        }

        public Builder text(String answer) {
            this.text = answer;
            return this;
        }

        public Builder engineTimings(Map<String, Double> timings) {
            this.engineTimings = timings;
            return this;
        }

        public Builder fingerprint(Fingerprint f) {
            this.fingerprint = f;
            return this;
        }

        /** The answer's quality score; kept only on an ok sample. */
        public Builder quality(QualityScore q) {
            this.quality = q;
            return this;
        }

        public Sample ok() {
            return build(SampleStatus.OK, null, null);
        }

        public Sample failed(FailureCode code, String message) {
            return build(SampleStatus.FAILED, Objects.requireNonNull(code, "code"), message);
        }

        private Sample build(SampleStatus status, FailureCode code, String message) {
            RequestMetrics m = metrics;
            return new Sample(id, campaignId, cellId, leaseId, workerId, model, promptId, repetition, kind, status,
                    code, message, startedAtMs,
                    m == null ? null : m.ttftMs(), m == null ? null : m.ttfcMs(), m == null ? null : m.tpotMs(),
                    m == null ? null : m.e2eMs(), m == null ? null : m.decodeTps(), m == null ? null : m.prefillTps(),
                    m == null ? null : m.nIn(), m == null ? null : m.nOut(), m != null && m.tokensApproximate(),
                    m == null ? List.of() : m.itlGapsMs(), finishReason, text, engineTimings, fingerprint,
                    status == SampleStatus.OK ? quality : null, null, null, null, null);
        }
    }
}
