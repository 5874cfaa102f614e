package dev.fleetbench.coordinator.http;

import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.coordinator.domain.results.Acceleration;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.domain.results.EvidenceJson;
import dev.fleetbench.coordinator.domain.results.Recommendations;
import dev.fleetbench.coordinator.report.ModelsJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** JSON shapes of the results API (docs/api.md), pinned by golden files. */
final class ResultsViews {

    /** metrics.md's definition of every figure, sent beside the numbers so the UI can show it. */
    static final Map<String, String> DEFINITIONS = new LinkedHashMap<>();

    static {
        DEFINITIONS.put("ttft_ms", "time to first token: first streamed token chunk − request sent (ms)");
        DEFINITIONS.put("tpot_ms", "time per output token after the first: (t_last − t_first) / (n_out − 1) (ms)");
        DEFINITIONS.put("e2e_ms", "end to end: [DONE] parsed (or the final chunk of a stream without it) − request sent (ms)");
        DEFINITIONS.put("decode_tps", "decode rate: (n_out − 1) / (t_last − t_first) (tokens/s)");
        DEFINITIONS.put("prefill_tps", "prefill rate: n_in / TTFT, includes queueing and transport (tokens/s)");
        DEFINITIONS.put("percentiles", "linear interpolation between closest ranks over the measured requests of all"
                + " machines in the group (DuckDB quantile_cont); cold and warm-up requests excluded; every cell (machine ×"
                + " variant × prompt) weighs the same: each of its n values weighs 1/n, values sit at the middle of their"
                + " cumulative weight, and percentiles interpolate linearly between those positions (the same as"
                + " quantile_cont when cells are of equal size)");
        DEFINITIONS.put("median_ci", "distribution-free 95 % confidence interval of the median (binomial order statistics);"
                + " given for ttft_ms, e2e_ms and decode_tps; with cells of unequal size, the ranks of the effective number"
                + " of values cells² / Σ(1/n_cell), read from the cell-weighted percentiles");
        DEFINITIONS.put("cells", "cells (machine × model variant × prompt of a campaign) whose samples a group pools;"
                + " n is the number of samples");
        DEFINITIONS.put("quality", "mean automatic quality score in [0, 1] of the group's scored answers, with n, passes"
                + " and a 95 % t interval of the mean (clipped to [0, 1])");
        DEFINITIONS.put("error_rate_upper95", "upper end of the error rate's 95 % Wilson score interval: the error"
                + " limit of the service levels is judged on it");
        DEFINITIONS.put("unstable", "a cell with a coefficient of variation ≥ 3 % or a point farther than 3 × 1.4826 × MAD from the cell median after its extra"
                + " repetitions");
    }

    private ResultsViews() {
    }

    static Map<String, Object> group(AggregateRow r, List<Dimension> by, Map<String, String> labels,
                                     Set<String> qualityFailed, List<String> unstableCells, boolean comparable) {
        Map<String, Object> g = new LinkedHashMap<>();
        for (Dimension d : by) {
            g.put(d.column(), r.keys().get(d));
            if (d == Dimension.HARDWARE_CLASS) {
                g.put("hardware_class_label", labels.getOrDefault(r.keys().get(d), r.keys().get(d)));
            }
        }
        g.put("machines", r.machines());
        g.put("cells", r.cells());
        g.put("requests", r.requests());
        g.put("failures", r.failures());
        g.put("error_rate", r.requests() == 0 ? 0.0 : r.failures() / (double) r.requests());
        g.put("unstable", unstableCells.stream().anyMatch(k -> matches(k, r, by)));
        // A failed check marks the group where it failed (its class, use case, prompt), not the model everywhere.
        g.put("quality_failed", r.quality() != null ? r.quality().passes() < r.quality().n()
                : r.keys().containsKey(Dimension.MODEL) && qualityFailed.contains(r.keys().get(Dimension.MODEL)));
        g.put("comparable", comparable);
        g.put("suspected_cpu_fallback", r.suspectedCpuFallback());
        Map<String, Object> fp = new LinkedHashMap<>();
        fp.put("engine", r.engine());
        fp.put("engine_version", r.engineVersion());
        fp.put("execution_provider", r.executionProvider());
        fp.put("prompt_set_version", r.promptSetVersion());
        g.put("fingerprint", fp);
        g.put("metrics", r.metrics());
        g.put("quality", EvidenceJson.quality(r.quality()));
        g.put("energy", energy(r.energy()));
        return g;
    }

    /** Tokens per joule and joules per answer of a group, with how many answers and whether it is an estimate. */
    static Map<String, Object> energy(dev.fleetbench.coordinator.domain.results.EnergyFigures e) {
        if (e == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", e.requests());
        m.put("joules", e.joules());
        m.put("output_tokens", e.outputTokens());
        m.put("tokens_per_joule", e.tokensPerJoule());
        m.put("joules_per_answer", e.joulesPerAnswer());
        m.put("estimate", e.estimate());
        return m;
    }

    /** Does an unstable cell key "class|model|prompt|worker" fall into this group? */
    private static boolean matches(String cellKey, AggregateRow r, List<Dimension> by) {
        String[] k = cellKey.split("\\|", -1);
        for (Dimension d : by) {
            String v = r.keys().get(d);
            String cell = switch (d) {
                case HARDWARE_CLASS -> k[0];
                case MODEL -> k[1];
                case PROMPT -> k[2];
                case WORKER -> k[3];
                default -> v;
            };
            if (v != null && !v.equals(cell)) {
                return false;
            }
        }
        return true;
    }

    /** Groups whose keys occur more than once differ in fingerprint: they are shown apart, not comparable as one. */
    static List<Map<String, Object>> groups(List<AggregateRow> rows, List<Dimension> by, Map<String, String> labels,
                                            Set<String> qualityFailed, List<String> unstableCells) {
        Map<Map<Dimension, String>, Integer> counts = new LinkedHashMap<>();
        rows.forEach(r -> counts.merge(r.keys(), 1, Integer::sum));
        List<Map<String, Object>> out = new ArrayList<>();
        rows.forEach(r -> out.add(group(r, by, labels, qualityFailed, unstableCells, counts.get(r.keys()) == 1)));
        return out;
    }

    static Map<String, Object> recommendations(String campaignId, Object slo, Object evidence,
                                               List<Recommendations.ClassResult> results) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("campaign", campaignId);
        doc.put("slo", slo);
        doc.put("evidence_rules", evidence);
        List<Map<String, Object>> classes = new ArrayList<>();
        for (Recommendations.ClassResult c : results) {
            Map<String, Object> cls = new LinkedHashMap<>();
            cls.put("hardware_class", c.hardwareClass().key());
            cls.put("hardware_class_label", c.hardwareClass().label());
            cls.put("machines", c.hardwareClass().machines());
            List<Map<String, Object>> useCases = new ArrayList<>();
            for (Recommendations.UseCaseResult u : c.useCases()) {
                Recommendation r = u.recommendation();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("use_case", u.useCase());
                m.put("recommended", r.recommended());
                m.put("summary", r.summary());
                m.put("figures", r.recommended() == null ? null
                        : ModelsJson.figures(r.recommended(), u.recommendedStats(), u.recommendedPeakRss(), null));
                m.put("alternatives", EvidenceJson.alternatives(r));
                m.put("basis", EvidenceJson.basis(r));
                m.put("evidence", EvidenceJson.of(r.evidence()));
                m.put("engine_version", u.engineVersion());
                m.put("prompt_set_version", u.promptSetVersion());
                m.put("engine_groups", u.groups());
                useCases.add(m);
            }
            cls.put("use_cases", useCases);
            classes.add(cls);
        }
        doc.put("classes", classes);
        return doc;
    }

    /** What the acceleration figures mean. */
    static final Map<String, String> ACCELERATION_DEFINITIONS = Map.of(
            "decode_speedup", "accelerator decode tok/s ÷ CPU variant decode tok/s of the same alias, over the cells"
                    + " (machine × prompt) both ran on the class; above 1 is faster",
            "ttft_ratio", "accelerator TTFT ÷ CPU variant TTFT over the same cells; below 1 is faster",
            "median_ratio", "ratio of the pooled medians",
            "estimate", "Hodges–Lehmann ratio: e^(median of the within-cell ln(accelerator) − ln(CPU)), with its exact"
                    + " distribution-free 95 % interval (ci_low, ci_high; null when the cells hold too few values)",
            "suspected_cpu_fallback", "the accelerator's measured requests in those cells flagged 'suspected CPU"
                    + " fallback' (its decode kept the CPU at least half as busy as the CPU variant's on the same"
                    + " machine): its speed-up may not be the accelerator's");

    /** The document of {@code GET /api/acceleration}. */
    static Map<String, Object> acceleration(String campaign, List<Acceleration.Row> rows, Map<String, String> labels) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("campaign", campaign);
        doc.put("definitions", new java.util.TreeMap<>(ACCELERATION_DEFINITIONS));
        doc.put("rows", accelerationRows(rows, labels));
        return doc;
    }

    /** One map per row, with the class's label beside its key. */
    static List<Map<String, Object>> accelerationRows(List<Acceleration.Row> rows, Map<String, String> labels) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Acceleration.Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hardware_class", r.hardwareClass());
            m.put("hardware_class_label", labels.getOrDefault(r.hardwareClass(), r.hardwareClass()));
            m.put("model", r.model());
            m.put("device", r.device().name().toLowerCase(Locale.ROOT));
            m.put("variant", r.variant());
            m.put("cpu_variant", r.cpuVariant());
            m.put("machines", r.machines());
            m.put("decode_speedup", r.decodeSpeedup());
            m.put("ttft_ratio", r.ttftRatio());
            m.put("suspected_cpu_fallback", r.suspectedCpuFallback());
            out.add(m);
        }
        return out;
    }
}
