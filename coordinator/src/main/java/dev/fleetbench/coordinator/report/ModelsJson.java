package dev.fleetbench.coordinator.report;

import dev.fleetbench.common.recommend.EvidenceRules;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.common.recommend.ServiceLevels;
import dev.fleetbench.common.stats.SampleStats;
import dev.fleetbench.coordinator.domain.results.EvidenceJson;
import dev.fleetbench.coordinator.domain.results.Recommendations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The team's {@code models.json}: per hardware class, the recommended model per use case with its figures and the
 * campaign it came from, so scripts and people can look up "what do we run on this machine". Pure; pinned by a golden
 * file.
 */
public final class ModelsJson {

    private ModelsJson() {
    }

    /** The document as ordered maps (the caller serialises it with the project's mapper). */
    public static Map<String, Object> build(List<Recommendations.ClassResult> results, ServiceLevels slo,
                                            String campaignId, String generatedAt) {
        return build(results, slo, EvidenceRules.DEFAULTS, campaignId, generatedAt);
    }

    /** The document under the given evidence rules, which it states. */
    public static Map<String, Object> build(List<Recommendations.ClassResult> results, ServiceLevels slo,
                                            EvidenceRules evidence, String campaignId, String generatedAt) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("generated_at", generatedAt);
        doc.put("campaign", campaignId);
        doc.put("service_levels", slo);
        doc.put("evidence_rules", evidence);
        List<Map<String, Object>> classes = new ArrayList<>();
        for (Recommendations.ClassResult c : results) {
            Map<String, Object> cls = new LinkedHashMap<>();
            cls.put("hardware_class", c.hardwareClass().key());
            cls.put("label", c.hardwareClass().label());
            cls.put("machines", c.hardwareClass().machines());
            cls.put("ram_gb", c.hardwareClass().ramGb());
            cls.put("accelerator", c.hardwareClass().accelerator());
            Map<String, Object> byUseCase = new LinkedHashMap<>();
            List<Map<String, Object>> all = new ArrayList<>();
            for (Recommendations.UseCaseResult u : c.useCases()) {
                Recommendation r = u.recommendation();
                Map<String, Object> f = r.recommended() == null ? null
                        : figures(r.recommended(), u.recommendedStats(), u.recommendedPeakRss(), campaignId);
                if (f != null) {
                    f.put("basis", EvidenceJson.basis(r));
                    f.put("quality", EvidenceJson.quality(r.evidence().quality()));
                }
                // The first group of a use case (most requests) is the quick answer; every group is in use_cases.
                byUseCase.putIfAbsent(u.useCase(), f);
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("use_case", u.useCase());
                one.put("engine_version", u.engineVersion());
                one.put("prompt_set_version", u.promptSetVersion());
                one.put("recommended", r.recommended());
                one.put("basis", EvidenceJson.basis(r));
                one.put("summary", r.summary());
                one.put("evidence", EvidenceJson.of(r.evidence()));
                one.put("alternatives", EvidenceJson.alternatives(r));
                all.add(one);
            }
            cls.put("recommended", byUseCase);
            cls.put("use_cases", all);
            classes.add(cls);
        }
        doc.put("hardware_classes", classes);
        return doc;
    }

    /** The figures that justify a recommendation. */
    public static Map<String, Object> figures(String model, SampleStats s, Long peakRss, String campaignId) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("model", model);
        f.put("decode_p50_tps", s.decodeTps().p50());
        f.put("ttft_p90_ms", s.ttftMs().p90());
        f.put("e2e_p50_ms", s.e2eMs().p50());
        f.put("error_rate", s.errorRate());
        f.put("requests", s.requests());
        f.put("peak_rss_bytes", peakRss);
        if (campaignId != null) {
            f.put("campaign", campaignId);
        }
        return f;
    }
}
