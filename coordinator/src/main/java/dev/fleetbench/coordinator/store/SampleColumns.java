package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.Sample;
import java.util.List;

/**
 * The columns of the {@code samples} table in table order, and how one sample fills them. DuckDB's Appender fills
 * columns by position, so two TEXT columns in the wrong order would be swapped silently: {@link Writes#checkColumns}
 * compares this list with the table when the store migrates. Enum values are written as in the sample's JSON (kind "measured", status "ok",
 * failure code "TIMEOUT", device "CPU", power source "ac").
 */
final class SampleColumns {

    static final List<String> NAMES = List.of(
            "sample_id", "seq", "campaign_id", "cell_id", "lease_id", "worker_id", "model", "prompt_id", "repetition",
            "kind", "status", "failure_code", "set_aside", "started_at_ms",
            Metric.TTFT_MS.id(), "ttfc_ms", Metric.TPOT_MS.id(), Metric.E2E_MS.id(), Metric.DECODE_TPS.id(),
            Metric.PREFILL_TPS.id(), "n_in", "n_out",
            "tokens_approximate",
            "engine", "engine_version", "execution_provider", "device_type", "hardware_profile_hash",
            "prompt_set_version", "power_source", "agent_version",
            "sample_json",
            "quality_score", "quality_verdict",
            "suspected_cpu_fallback",
            "energy_j", "energy_estimate");

    private SampleColumns() {
    }

    /** The values of one row in {@link #NAMES} order. */
    static Object[] values(Sample s, long seq, boolean setAside) {
        Fingerprint f = s.fingerprint();
        return new Object[] {
            s.id(), seq, s.campaignId(), s.cellId(), s.leaseId(), s.workerId(), s.model(), s.promptId(),
            s.repetition(), s.kind().wire(), s.status().wire(), s.failureCode() == null ? null : s.failureCode().name(),
            setAside, s.startedAtMs(),
            s.ttftMs(), s.ttfcMs(), s.tpotMs(), s.e2eMs(), s.decodeTps(), s.prefillTps(), s.nIn(), s.nOut(),
            s.tokensApproximate(),
            f == null ? null : f.engine(),
            f == null ? null : f.engineVersion(),
            f == null ? null : f.executionProvider(),
            f == null || f.deviceType() == null ? null : f.deviceType().name(),
            f == null ? null : f.hardwareProfileHash(),
            f == null ? null : f.promptSetVersion(),
            f == null || f.powerSource() == null ? null : f.powerSource().wire(),
            f == null ? null : f.agentVersion(),
            Json.write(s),
            s.quality() == null ? null : s.quality().score(),
            s.quality() == null ? null : s.quality().verdict().wire(),
            s.deviceTruth() == null ? null : s.deviceTruth().suspectedCpuFallback(),
            s.energy() == null ? null : s.energy().joules(),
            s.energy() == null ? null : s.energy().estimate()};
    }
}
