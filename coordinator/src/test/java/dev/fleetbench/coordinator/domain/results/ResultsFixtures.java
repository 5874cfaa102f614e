package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.recommend.EvidenceRules;
import dev.fleetbench.common.recommend.QualityEstimate;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.common.recommend.ServiceLevels;
import dev.fleetbench.common.stats.Summary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-made aggregate rows with chosen figures. */
final class ResultsFixtures {

    static final String LAPTOP = "qualcomm-snapdragon-x-elite/12t/16gb/npu:qualcomm/windows/ac";
    static final String DESKTOP = "intel-core-i7-gen12/20t/32gb/none/linux";
    /**
     * The service levels of these tests: the default TTFT, decode and memory limits, errors below 30 % at the 95 %
     * Wilson upper bound (30 error-free requests: 11.4 %; the default 1 % would need 381 error-free requests).
     */
    static final ServiceLevels SLO = new ServiceLevels(2000, 10, 0.30, 0.8);

    private ResultsFixtures() {
    }

    /** A summary whose median, p90 and mean are {@code p50}, {@code p90} and {@code p50}. */
    static Summary summary(int n, double p50, double p90) {
        return new Summary(n, p50, p50 * 0.01, 1.0, p50 * 0.9, p50, p90, p90, p90, p90 * 1.1, p50 * 0.98, p50 * 1.02);
    }

    static AggregateRow row(String cls, String useCase, String model, int requests, int failures, double ttftP90,
                            double decodeP50) {
        Map<Dimension, String> keys = new LinkedHashMap<>();
        keys.put(Dimension.HARDWARE_CLASS, cls);
        if (useCase != null) {
            keys.put(Dimension.USE_CASE, useCase);
        }
        keys.put(Dimension.MODEL, model);
        Map<Metric, Summary> m = new LinkedHashMap<>();
        int ok = requests - failures;
        m.put(Metric.TTFT_MS, summary(ok, ttftP90 * 0.8, ttftP90));
        m.put(Metric.TPOT_MS, summary(ok, 1000 / decodeP50, 1100 / decodeP50));
        m.put(Metric.E2E_MS, summary(ok, ttftP90 + 64 * 1000 / decodeP50, ttftP90 + 70 * 1000 / decodeP50));
        m.put(Metric.DECODE_TPS, summary(ok, decodeP50, decodeP50 * 1.05));
        m.put(Metric.PREFILL_TPS, summary(ok, 500, 600));
        return new AggregateRow(keys, "foundry", "0.8.119", "QNNExecutionProvider", "v1", 2, requests, failures, m);
    }

    /** The row with measured quality scores: {@code passes} answers scored 1, the rest 0. */
    static AggregateRow scored(AggregateRow r, int passes, int fails) {
        java.util.List<Double> v = new java.util.ArrayList<>(java.util.Collections.nCopies(passes, 1.0));
        v.addAll(java.util.Collections.nCopies(fails, 0.0));
        return new AggregateRow(r.keys(), r.engine(), r.engineVersion(), r.executionProvider(), r.promptSetVersion(),
                r.machines(), r.requests(), r.failures(), r.metrics(), QualityEstimate.of(v));
    }

    /** The row as measured under another engine version. */
    static AggregateRow onEngine(AggregateRow r, String version) {
        return new AggregateRow(r.keys(), r.engine(), version, r.executionProvider(), r.promptSetVersion(),
                r.machines(), r.requests(), r.failures(), r.metrics(), r.quality());
    }

    static ResultInputs inputs(List<AggregateRow> rows, List<AggregateRow> classModelRows, Set<String> qualityFailed,
                               Map<String, Map<String, ResultInputs.Unavailable>> unavailable, QualityScores quality) {
        Map<String, ClassFacts> classes = new LinkedHashMap<>();
        classes.put(LAPTOP, new ClassFacts(LAPTOP, "qualcomm snapdragon-x-elite · 12t · 16 GB · npu:qualcomm · ac", 2,
                16L << 30, 16, "npu:qualcomm"));
        classes.put(DESKTOP, new ClassFacts(DESKTOP, "intel core-i7-gen12 · 20t · 32 GB · none", 3, 32L << 30, 32, "none"));
        Map<String, Map<String, ModelFacts>> facts = Map.of(
                LAPTOP, Map.of("phi-small", new ModelFacts(3_000_000_000L, 900.0, 120.0),
                        "phi-big", new ModelFacts(15_000_000_000L, 4000.0, 700.0)),
                DESKTOP, Map.of("phi-small", new ModelFacts(3_100_000_000L, 700.0, 90.0),
                        "phi-big", new ModelFacts(15_500_000_000L, 3000.0, 400.0)));
        return new ResultInputs(rows, classModelRows, classes, facts,
                Map.of("phi-small", 3_800_000_000L, "phi-big", 14_000_000_000L, "tiny", 500_000_000L),
                qualityFailed, Set.of(), unavailable, quality, SLO, List.of("c-1"), EvidenceRules.DEFAULTS, Map.of());
    }

    static ResultInputs.Unavailable noVariant(String detail) {
        return new ResultInputs.Unavailable(Recommendation.Reason.NO_VARIANT, detail);
    }
}
