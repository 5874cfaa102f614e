package dev.fleetbench.coordinator.http;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.coordinator.app.ResultsService;
import dev.fleetbench.coordinator.domain.results.Acceleration;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.domain.results.EvidenceJson;
import dev.fleetbench.coordinator.domain.results.GroupKey;
import dev.fleetbench.coordinator.domain.results.Recommendations;
import dev.fleetbench.coordinator.domain.results.Terms;
import dev.fleetbench.coordinator.report.ModelsJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** JSON shapes of the results API (docs/api.md), pinned by golden files. */
final class ResultsViews {

    /** The definition of every figure of an aggregate ({@link Metric}, {@link Terms}), sent beside the numbers. */
    static final Map<String, String> DEFINITIONS = Terms.ofAggregates();

    /** What {@code GET /api/metrics} answers: every metric with its unit, direction and definition, and every term. */
    record MetricsDoc(List<MetricView> metrics, Map<String, String> terms) {
    }

    /** One metric: its API name, unit, which direction is better ("higher", "lower") and its definition. */
    record MetricView(String name, String unit, Metric.Direction direction, String definition) {
    }

    static MetricsDoc metrics() {
        return new MetricsDoc(java.util.Arrays.stream(Metric.values())
                .map(m -> new MetricView(m.id(), m.unit(), m.direction(), m.definition())).toList(), Terms.ALL);
    }

    private ResultsViews() {
    }

    static Map<String, Object> group(AggregateRow r, List<Dimension> by, Map<String, String> labels,
                                     Set<String> qualityFailed, List<GroupKey> unstableCells, Long peakRss,
                                     boolean comparable) {
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
        g.put("unstable", unstableCells.stream().anyMatch(k -> k.within(r.keys())));
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
        g.put("peak_rss_bytes", peakRss);
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

    /** Groups whose keys occur more than once differ in fingerprint: they are shown apart, not comparable as one. */
    static List<Map<String, Object>> groups(List<Dimension> by, ResultsService.AggregateResult a) {
        Map<Map<Dimension, String>, Integer> counts = new LinkedHashMap<>();
        a.rows().forEach(r -> counts.merge(r.keys(), 1, Integer::sum));
        List<Map<String, Object>> out = new ArrayList<>();
        a.rows().forEach(r -> out.add(group(r, by, a.classLabels(), a.qualityFailedModels(), a.unstableCells(),
                a.peakRssOf(r), counts.get(r.keys()) == 1)));
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
