package dev.fleetbench.coordinator.report;

import com.fasterxml.jackson.annotation.JsonInclude;
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

    /**
     * The document.
     *
     * @param acceleration the accelerators against the CPU variants (rows of {@code /api/acceleration}); absent when
     *                     not given
     */
    public record Document(String generatedAt, String campaign, ServiceLevels serviceLevels,
                           EvidenceRules evidenceRules, List<HardwareClassEntry> hardwareClasses,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<?> acceleration) {

        /** The same document with the acceleration rows. */
        public Document withAcceleration(List<?> rows) {
            return new Document(generatedAt, campaign, serviceLevels, evidenceRules, hardwareClasses, rows);
        }
    }

    /**
     * One hardware class: the quick answer per use case ({@code recommended}: the group with most requests, null where
     * nothing is recommended) and every group with its evidence.
     */
    public record HardwareClassEntry(String hardwareClass, String label, int machines, int ramGb, String accelerator,
                                     Map<String, Recommended> recommended, List<UseCaseEntry> useCases) {
    }

    /** The figures of a recommended model, what decided, and its measured quality (null when unscored). */
    public record Recommended(String model, Double decodeP50Tps, Double ttftP90Ms, Double e2eP50Ms, double errorRate,
                              int requests, Long peakRssBytes, String campaign, String basis,
                              EvidenceJson.QualityView quality) {
    }

    /** One group of a use case (engine version × prompt set) with its recommendation and every "why not". */
    public record UseCaseEntry(String useCase, String engineVersion, String promptSetVersion, String recommended,
                               String basis, String summary, EvidenceJson.EvidenceView evidence,
                               List<EvidenceJson.Alternative> alternatives) {
    }

    /** The figures that justify a recommendation. */
    public record Figures(String model, Double decodeP50Tps, Double ttftP90Ms, Double e2eP50Ms, double errorRate,
                          int requests, Long peakRssBytes,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String campaign) {
    }

    /** The document of the campaign under the default evidence rules. */
    public static Document build(List<Recommendations.ClassResult> results, ServiceLevels slo, String campaignId,
                                 String generatedAt) {
        return build(results, slo, EvidenceRules.DEFAULTS, campaignId, generatedAt);
    }

    /** The document under the given evidence rules, which it states. */
    public static Document build(List<Recommendations.ClassResult> results, ServiceLevels slo, EvidenceRules evidence,
                                 String campaignId, String generatedAt) {
        List<HardwareClassEntry> classes = new ArrayList<>();
        for (Recommendations.ClassResult c : results) {
            Map<String, Recommended> byUseCase = new LinkedHashMap<>();
            List<UseCaseEntry> all = new ArrayList<>();
            for (Recommendations.UseCaseResult u : c.useCases()) {
                Recommendation r = u.recommendation();
                Recommended f = null;
                if (r.recommended() != null) {
                    Figures x = figures(r.recommended(), u.recommendedStats(), u.recommendedPeakRss(), campaignId);
                    f = new Recommended(x.model(), x.decodeP50Tps(), x.ttftP90Ms(), x.e2eP50Ms(), x.errorRate(),
                            x.requests(), x.peakRssBytes(), x.campaign(), EvidenceJson.basis(r),
                            EvidenceJson.quality(r.evidence().quality()));
                }
                // The first group of a use case (most requests) is the quick answer; every group is in use_cases.
                byUseCase.putIfAbsent(u.useCase(), f);
                all.add(new UseCaseEntry(u.useCase(), u.engineVersion(), u.promptSetVersion(), r.recommended(),
                        EvidenceJson.basis(r), r.summary(), EvidenceJson.of(r.evidence()), EvidenceJson.alternatives(r)));
            }
            classes.add(new HardwareClassEntry(c.hardwareClass().key(), c.hardwareClass().label(),
                    c.hardwareClass().machines(), c.hardwareClass().ramGb(), c.hardwareClass().accelerator(), byUseCase,
                    all));
        }
        return new Document(generatedAt, campaignId, slo, evidence, classes, null);
    }

    /** The figures that justify a recommendation; {@code campaignId} null leaves the campaign out. */
    public static Figures figures(String model, SampleStats s, Long peakRss, String campaignId) {
        return new Figures(model, s.decodeTps().p50(), s.ttftMs().p90(), s.e2eMs().p50(), s.errorRate(), s.requests(),
                peakRss, campaignId);
    }
}
