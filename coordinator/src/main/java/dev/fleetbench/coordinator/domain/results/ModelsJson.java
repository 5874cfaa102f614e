package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.recommend.ServiceLevels;
import dev.fleetbench.common.stats.SampleStats;
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
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("generated_at", generatedAt);
        doc.put("campaign", campaignId);
        doc.put("service_levels", slo);
        List<Map<String, Object>> classes = new ArrayList<>();
        for (Recommendations.ClassResult c : results) {
            Map<String, Object> cls = new LinkedHashMap<>();
            cls.put("hardware_class", c.hardwareClass().key());
            cls.put("label", c.hardwareClass().label());
            cls.put("machines", c.hardwareClass().machines());
            cls.put("ram_gb", c.hardwareClass().ramGb());
            cls.put("accelerator", c.hardwareClass().accelerator());
            Map<String, Object> byUseCase = new LinkedHashMap<>();
            for (Recommendations.UseCaseResult u : c.useCases()) {
                byUseCase.put(u.useCase(), u.recommendation().recommended() == null ? null
                        : figures(u.recommendation().recommended(), u.recommendedStats(), u.recommendedPeakRss(), campaignId));
            }
            cls.put("recommended", byUseCase);
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
