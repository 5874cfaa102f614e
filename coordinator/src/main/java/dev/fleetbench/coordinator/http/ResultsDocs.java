package dev.fleetbench.coordinator.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.stats.Summary;
import dev.fleetbench.coordinator.domain.results.EvidenceJson;
import dev.fleetbench.coordinator.domain.results.ModelViews;
import dev.fleetbench.coordinator.report.ModelsJson;
import java.util.List;
import java.util.Map;

/**
 * The documents of the results routes as records (docs/api.md): Jackson writes their components in declaration order,
 * snake_case, nulls included unless a component says otherwise. One record per shape, so a route's JSON is read here.
 */
final class ResultsDocs {

    private ResultsDocs() {
    }

    /** {@code GET /api/aggregates}. */
    record Aggregates(String campaign, List<String> by, Map<String, String> definitions, List<AggregateGroup> groups) {
    }

    /**
     * One group of the aggregates: a key per dimension asked for (the others absent), then its figures.
     *
     * @param peakRssBytes the highest engine peak RSS of the group's leases, bytes; null when none reported one
     */
    record AggregateGroup(
            @JsonInclude(JsonInclude.Include.NON_NULL) String hardwareClass,
            @JsonInclude(JsonInclude.Include.NON_NULL) String hardwareClassLabel,
            @JsonInclude(JsonInclude.Include.NON_NULL) String model,
            @JsonInclude(JsonInclude.Include.NON_NULL) String promptId,
            @JsonInclude(JsonInclude.Include.NON_NULL) String useCase,
            @JsonInclude(JsonInclude.Include.NON_NULL) String workerId,
            @JsonInclude(JsonInclude.Include.NON_NULL) String campaignId,
            int machines, int cells, int requests, int failures, double errorRate, boolean unstable,
            boolean qualityFailed, boolean comparable, int suspectedCpuFallback, GroupFingerprint fingerprint,
            Map<Metric, Summary> metrics, Long peakRssBytes, EvidenceJson.QualityView quality, Energy energy) {
    }

    /** The fingerprint fields a group pools. */
    record GroupFingerprint(String engine, String engineVersion, String executionProvider, String promptSetVersion) {
    }

    /** Tokens per joule and joules per answer of a group, with how many answers and whether it is an estimate. */
    record Energy(int requests, double joules, long outputTokens, Double tokensPerJoule, Double joulesPerAnswer,
                  boolean estimate) {
    }

    /** {@code GET /api/recommendations}. */
    record Recommendations(String campaign, Object slo, Object evidenceRules, List<ClassRecommendations> classes) {
    }

    /** The recommendations of one hardware class. */
    record ClassRecommendations(String hardwareClass, String hardwareClassLabel, int machines,
                                List<UseCaseRecommendation> useCases) {
    }

    /** The recommendation of one use case (one group of engine version and prompt set) with why the others lost. */
    record UseCaseRecommendation(String useCase, String recommended, String summary, ModelsJson.Figures figures,
                                 List<EvidenceJson.Alternative> alternatives, String basis,
                                 EvidenceJson.EvidenceView evidence,
                                 String engineVersion, String promptSetVersion, int engineGroups) {
    }

    /** {@code GET /api/acceleration}. */
    record Acceleration(String campaign, Map<String, String> definitions, List<AccelerationRow> rows) {
    }

    /** One accelerator variant against the CPU variant of its alias on one class. */
    record AccelerationRow(String hardwareClass, String hardwareClassLabel, String model, String device, String variant,
                           String cpuVariant, int machines,
                           dev.fleetbench.coordinator.domain.results.Acceleration.Ratio decodeSpeedup,
                           dev.fleetbench.coordinator.domain.results.Acceleration.Ratio ttftRatio,
                           int suspectedCpuFallback) {
    }

    /** {@code GET /api/fits}. */
    record Fits(String campaign, Map<String, List<ModelViews.ClassFit>> models) {
    }

    /** {@code GET /api/requirements}. */
    record Requirements(String campaign, Object slo, List<ModelViews.Requirement> requirements) {
    }

    /** {@code GET /api/answers}: two answers to one prompt, blind. */
    record BlindPair(String campaign, String pairId, PromptView prompt, Answer a, Answer b) {
    }

    /** The prompt of a blind pair. */
    record PromptView(String id, String category, String text) {
    }

    /** One answer of a blind pair. */
    record Answer(String sampleId, String text) {
    }

    /** {@code POST /api/ratings}: the rating's id and the models it revealed. */
    record Rated(String id, Revealed revealed) {
    }

    /** The models behind a and b. */
    record Revealed(String a, String b) {
    }

    /** {@code GET /api/compare}. */
    record Comparison(String a, String b, List<CompareRow> models) {
    }

    /** One model on both sides; the ratios only where both sides measured it. */
    record CompareRow(String model, CompareSide a, CompareSide b,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Ratios bOverA) {
    }

    /** One side of a comparison. */
    record CompareSide(int machines, int requests, int failures, Map<Metric, Summary> metrics) {
    }

    /** b ÷ a of the medians; null where a side has none or a's is 0. */
    record Ratios(Double ttftMsP50, Double e2eMsP50, Double decodeTpsP50) {
    }
}
