package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.Sample;
import java.sql.SQLException;
import java.util.List;
import org.duckdb.DuckDBAppender;

/**
 * The columns of the {@code samples} table in table order, and how one sample fills them. An Appender fills columns
 * by position, so two TEXT columns in the wrong order would be swapped silently: {@link Writes#checkColumns}
 * compares this list with the table when the store migrates. Enum values are written as in the sample's JSON (kind "measured", status "ok",
 * failure code "TIMEOUT", device "CPU", power source "ac").
 */
final class SampleColumns {

    static final List<String> NAMES = List.of(
            "sample_id", "seq", "campaign_id", "cell_id", "lease_id", "worker_id", "model", "prompt_id", "repetition",
            "kind", "status", "failure_code", "set_aside", "started_at_ms",
            "ttft_ms", "ttfc_ms", "tpot_ms", "e2e_ms", "decode_tps", "prefill_tps", "n_in", "n_out",
            "tokens_approximate",
            "engine", "engine_version", "execution_provider", "device_type", "hardware_profile_hash",
            "prompt_set_version", "power_source", "agent_version",
            "sample_json");

    private SampleColumns() {
    }

    /** Appends one row in {@link #NAMES} order. */
    static void append(DuckDBAppender a, Sample s, long seq, boolean setAside) throws SQLException {
        Fingerprint f = s.fingerprint();
        a.beginRow();
        a.append(s.id());
        a.append(seq);
        Jdbc.append(a, s.campaignId());
        Jdbc.append(a, s.cellId());
        Jdbc.append(a, s.leaseId());
        Jdbc.append(a, s.workerId());
        a.append(s.model());
        a.append(s.promptId());
        a.append(s.repetition());
        a.append(s.kind().wire());
        a.append(s.status().wire());
        Jdbc.append(a, s.failureCode() == null ? null : s.failureCode().name());
        a.append(setAside);
        a.append(s.startedAtMs());
        Jdbc.append(a, s.ttftMs());
        Jdbc.append(a, s.ttfcMs());
        Jdbc.append(a, s.tpotMs());
        Jdbc.append(a, s.e2eMs());
        Jdbc.append(a, s.decodeTps());
        Jdbc.append(a, s.prefillTps());
        Jdbc.append(a, s.nIn());
        Jdbc.append(a, s.nOut());
        a.append(s.tokensApproximate());
        Jdbc.append(a, f == null ? null : f.engine());
        Jdbc.append(a, f == null ? null : f.engineVersion());
        Jdbc.append(a, f == null ? null : f.executionProvider());
        Jdbc.append(a, f == null || f.deviceType() == null ? null : f.deviceType().name());
        Jdbc.append(a, f == null ? null : f.hardwareProfileHash());
        Jdbc.append(a, f == null ? null : f.promptSetVersion());
        Jdbc.append(a, f == null || f.powerSource() == null ? null : f.powerSource().wire());
        Jdbc.append(a, f == null ? null : f.agentVersion());
        a.append(Json.write(s));
        a.endRow();
    }
}
