package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.metrics.Metric;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every word of the results means that is not a {@link Metric}: how figures are pooled and marked. With
 * {@link Metric} the one source of the definitions that the API sends and the UI shows on hover.
 */
public final class Terms {

    /** Term → definition, in the order the API lists them. */
    public static final Map<String, String> ALL;

    /** The terms the aggregates document sends beside its numbers. */
    static final List<String> OF_AGGREGATES = List.of("percentiles", "median_ci", "cells", "quality",
            "error_rate_upper95", "unstable");

    static {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("percentiles", "linear interpolation between closest ranks over the measured requests of all"
                + " machines in the group (DuckDB quantile_cont); cold and warm-up requests excluded; every cell (machine ×"
                + " variant × prompt) weighs the same: each of its n values weighs 1/n, values sit at the middle of their"
                + " cumulative weight, and percentiles interpolate linearly between those positions (the same as"
                + " quantile_cont when cells are of equal size)");
        t.put("median_ci", "distribution-free 95 % confidence interval of the median (binomial order statistics);"
                + " given for ttft_ms, e2e_ms and decode_tps; with cells of unequal size, the ranks of the effective number"
                + " of values cells² / Σ(1/n_cell), read from the cell-weighted percentiles");
        t.put("cells", "cells (machine × model variant × prompt of a campaign) whose samples a group pools;"
                + " n is the number of samples");
        t.put("quality", "mean automatic quality score in [0, 1] of the group's scored answers, with n, passes"
                + " and a 95 % t interval of the mean (clipped to [0, 1])");
        t.put("error_rate_upper95", "upper end of the error rate's 95 % Wilson score interval: the error"
                + " limit of the service levels is judged on it");
        t.put("unstable", "Unstable: coefficient of variation ≥ 3 %, or a point farther than 3 × 1.4826 × MAD (a robust"
                + " 3 sd) from the cell median, even after extra repetitions.");
        t.put("error_rate", "Failed measured requests / measured requests.");
        t.put("n", "n: measured requests behind the figure (warm-ups and the cold request excluded).");
        t.put("machines", "Machines of the hardware class whose samples are pooled (never an average of per-machine"
                + " percentiles).");
        t.put("hardware_class", "Hardware class: CPU vendor and family (generation where the name tells it), logical"
                + " threads, RAM (the smallest standard size that holds what the OS reports: 8/12/16/24/32/48/64/96/128"
                + " GB), accelerators (a discrete GPU as gpu:vendor-VRAM tier, an NPU as npu:vendor, both joined by +;"
                + " else an integrated GPU as igpu:vendor), OS, and for laptops the power source of each request. Fixed"
                + " when a sample is stored: a machine that changes later does not move its history.");
        t.put("regression", "Regressions between consecutive runs of a schedule compare each cell (machine × model"
                + " variant × prompt) with itself, only cells measured in both runs; per hardware class × model × metric"
                + " the change is the Hodges–Lehmann shift of those cells in %, with its exact 95 % interval"
                + " (Mann–Whitney, summed over the cells); p is Holm-adjusted over every test of the run pair, and a"
                + " change is shown only when significant and when its whole interval lies beyond the campaign's"
                + " threshold (default ± 3 %).");
        t.put("quality_failed", "Failed quality check: an answer did not match the prompt's expectation (exact,"
                + " contains or regex).");
        t.put("tokens_per_joule", "Tokens per joule: all output tokens over all joules of the successful measured"
                + " answers whose machine read an energy counter (RAPL package and DRAM on Linux, the same through the"
                + " Energy Meter Interface on Windows, or the battery while on battery). An estimate (est.): the counters cover the whole processor or machine, not the engine"
                + " alone; idle power is not subtracted. — where no counter was read.");
        t.put("suspected_cpu_fallback", "Suspected CPU fallback: this NPU or GPU variant decoded with the CPU at least"
                + " half as busy as the CPU variant of the same model on the same machine; never recommended.");
        ALL = Collections.unmodifiableMap(t);
    }

    private Terms() {
    }

    /** The definitions the aggregates document sends: every per-request metric, then how they are pooled. */
    public static Map<String, String> ofAggregates() {
        Map<String, String> out = new LinkedHashMap<>();
        Metric.PER_REQUEST.forEach(m -> out.put(m.id(), m.definition()));
        OF_AGGREGATES.forEach(k -> out.put(k, ALL.get(k)));
        return Collections.unmodifiableMap(out);
    }
}
