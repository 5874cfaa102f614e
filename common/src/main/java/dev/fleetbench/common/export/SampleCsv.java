package dev.fleetbench.common.export;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.model.Sample;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The CSV form of samples, one row per request (bench {@code --csv}, campaign exports). RFC 4180 quoting; numbers
 * in plain decimal with a dot; empty cells for nulls; inter-chunk gaps and engine timings are left to the JSON
 * export. The column set is pinned by a golden file: add columns at the end, never rename.
 */
public final class SampleCsv {

    private record Column(String name, Function<Sample, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("id", Sample::id),
            new Column("campaign_id", Sample::campaignId),
            new Column("cell_id", Sample::cellId),
            new Column("worker_id", Sample::workerId),
            new Column("model", Sample::model),
            new Column("prompt_id", Sample::promptId),
            new Column("kind", s -> s.kind().wire()),
            new Column("warmup", Sample::warmup),
            new Column("repetition", Sample::repetition),
            new Column("status", s -> s.status().wire()),
            new Column("failure_code", Sample::failureCode),
            new Column("failure_message", Sample::failureMessage),
            new Column("started_at_ms", Sample::startedAtMs),
            new Column(Metric.TTFT_MS.id(), Sample::ttftMs),
            new Column("ttfc_ms", Sample::ttfcMs),
            new Column(Metric.TPOT_MS.id(), Sample::tpotMs),
            new Column(Metric.E2E_MS.id(), Sample::e2eMs),
            new Column(Metric.DECODE_TPS.id(), Sample::decodeTps),
            new Column(Metric.PREFILL_TPS.id(), Sample::prefillTps),
            new Column("n_in", Sample::nIn),
            new Column("n_out", Sample::nOut),
            new Column("tokens_approximate", Sample::tokensApproximate),
            new Column("finish_reason", Sample::finishReason),
            new Column("engine", s -> s.fingerprint() == null ? null : s.fingerprint().engine()),
            new Column("engine_version", s -> s.fingerprint() == null ? null : s.fingerprint().engineVersion()),
            new Column("execution_provider", s -> s.fingerprint() == null ? null : s.fingerprint().executionProvider()),
            new Column("device_type", s -> s.fingerprint() == null ? null : s.fingerprint().deviceType()),
            new Column("hardware_profile_hash", s -> s.fingerprint() == null ? null : s.fingerprint().hardwareProfileHash()),
            new Column("power_source", s -> s.fingerprint() == null ? null : s.fingerprint().powerSource().wire()),
            new Column("prompt_set_version", s -> s.fingerprint() == null ? null : s.fingerprint().promptSetVersion()),
            new Column("text", Sample::text),
            new Column("quality_score", s -> s.quality() == null ? null : s.quality().score()),
            new Column("quality_verdict", s -> s.quality() == null ? null : s.quality().verdict().wire()),
            new Column("quality_reason", s -> s.quality() == null ? null : s.quality().reason()));

    private SampleCsv() {
    }

    public static String header() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < COLUMNS.size(); i++) {
            b.append(i == 0 ? "" : ",").append(COLUMNS.get(i).name());
        }
        return b.append("\r\n").toString();
    }

    public static String row(Sample s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(cell(COLUMNS.get(i).value().apply(s)));
        }
        return b.append("\r\n").toString();
    }

    /** Header plus one row per sample. */
    public static String write(List<Sample> samples) {
        StringBuilder b = new StringBuilder(header());
        samples.forEach(s -> b.append(row(s)));
        return b.toString();
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Number) {
            return v instanceof Double d ? plain(d) : v.toString();
        }
        return text(v.toString());
    }

    /** Characters that make a spreadsheet read a cell as a formula (tab and CR too: some strip them first). */
    private static final String FORMULA_START = "=+-@\t\r";

    /**
     * One text cell of any FleetBench CSV: RFC 4180 quoting, and a text that a spreadsheet would run as a formula
     * (leading {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return; model ids, host names and answers
     * come from workers and models) is prefixed with {@code '} so that it is shown as text (OWASP "CSV injection").
     *
     * @param text the value; null gives an empty cell
     */
    public static String text(String text) {
        if (text == null) {
            return "";
        }
        if (!text.isEmpty() && FORMULA_START.indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    private static String plain(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.format(Locale.ROOT, "%.6f", d).replaceAll("0+$", "");
    }
}
