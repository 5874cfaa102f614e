package dev.fleetbench.coordinator.report;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.stats.Summary;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import java.util.List;
import java.util.Locale;

/** Aggregates as CSV: one row per group, the group's keys, fingerprint and every statistic of every metric. */
public final class AggregateCsv {

    private static final String[] STATS = {"n", "mean", "sd", "cv_pct", "min", "p50", "p90", "p95", "p99", "max",
        "median_ci_low", "median_ci_high"};

    private AggregateCsv() {
    }

    public static String write(List<AggregateRow> rows, List<Dimension> by) {
        StringBuilder b = new StringBuilder();
        by.forEach(d -> b.append(d.column()).append(','));
        b.append("engine,engine_version,execution_provider,prompt_set_version,machines,requests,failures");
        for (Metric m : Metric.PER_REQUEST) {
            for (String s : STATS) {
                b.append(',').append(m.id()).append('_').append(s);
            }
        }
        b.append(",cells\r\n"); // last, so that readers of the earlier columns by position are not moved
        for (AggregateRow r : rows) {
            by.forEach(d -> b.append(cell(r.keys().get(d))).append(','));
            b.append(cell(r.engine())).append(',').append(cell(r.engineVersion())).append(',')
                    .append(cell(r.executionProvider())).append(',').append(cell(r.promptSetVersion())).append(',')
                    .append(r.machines()).append(',').append(r.requests()).append(',').append(r.failures());
            for (Metric m : Metric.PER_REQUEST) {
                Summary s = r.metrics().get(m);
                Object[] values = {s.n(), s.mean(), s.sd(), s.cvPct(), s.min(), s.p50(), s.p90(), s.p95(), s.p99(), s.max(),
                    s.medianCiLow(), s.medianCiHigh()};
                for (Object v : values) {
                    b.append(',').append(v == null ? "" : v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : v);
                }
            }
            b.append(',').append(r.cells()).append("\r\n");
        }
        return b.toString();
    }

    /** Keys and fingerprint fields come from workers: quoted and formula-escaped like the sample export. */
    private static String cell(String v) {
        return dev.fleetbench.common.export.SampleCsv.text(v);
    }
}
