package dev.fleetbench.common.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.recommend.Recommendation.Reason;
import dev.fleetbench.common.recommend.Recommendation.Rejection;
import dev.fleetbench.common.stats.SampleStats;
import dev.fleetbench.common.testing.Samples;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recommendation rule on hand-computed cases (figures in the comments). */
class RecommenderTest {

    private static final long GB = 1_000_000_000L;
    /** Lenient error limit: 10 error-free requests have a 95 % Wilson upper bound of 27.8 %, below 30 %. */
    static final ServiceLevels LENIENT = new ServiceLevels(2000, 10, 0.30, 0.8);

    /** n requests with the given TTFT and token gap (decode = 1000 / gap tok/s), and `failures` failed ones. */
    static SampleStats stats(String model, double ttft, double gapMs, int n, int failures) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n - failures; i++) {
            samples.add(Samples.ok(model, "p", ttft + i, gapMs, 20));
        }
        for (int i = 0; i < failures; i++) {
            samples.add(Samples.failed(model, "p", FailureCode.TIMEOUT));
        }
        return SampleStats.of(samples);
    }

    private static Candidate candidate(String model, long params, SampleStats s) {
        return new Candidate(model, params, null, false, s, 2 * GB, 16 * GB, null);
    }

    /** A measured candidate with quality scores, ratings, size. */
    static Candidate full(String model, long params, SampleStats s, QualityEstimate q, Double rating, int ratings,
                          Long size, String quant) {
        return new Candidate(model, params, rating, false, s, 2 * GB, 16 * GB, null, null, q, ratings, size, quant);
    }

    static QualityEstimate scores(int passes, int fails) {
        List<Double> v = new ArrayList<>(Collections.nCopies(passes, 1.0));
        v.addAll(Collections.nCopies(fails, 0.0));
        return QualityEstimate.of(v);
    }

    private static List<Rejection> bare(Recommendation r) {
        return r.rejected().stream().map(Rejection::withoutEvidence).toList();
    }

    @Test
    void anEnergyCapRejectsAVariantThatUsesMoreJoulesPerAnswerWhereMeasured() {
        ServiceLevels capped = new ServiceLevels(2000, 10, 0.30, 0.8, 20.0);
        // the big model is faster and bigger, so only its 31.5 J per answer can make it lose
        Candidate big = candidate("m-big", 60_000_000, stats("m-big", 50, 5, 10, 0)).withJoulesPerAnswer(31.5);
        Candidate small = candidate("m-small", 30_000_000, stats("m-small", 120, 20, 10, 0)).withJoulesPerAnswer(12.0);
        Candidate unmetered = candidate("m-other", 10_000_000, stats("m-other", 120, 20, 10, 0));
        Recommendation r = Recommender.recommend(List.of(big, small, unmetered), capped);
        assertThat(r.recommended()).isEqualTo("m-small");
        assertThat(r.rejected()).filteredOn(x -> x.model().equals("m-big")).singleElement().satisfies(x -> {
            assertThat(x.reason()).isEqualTo(Reason.TOO_MUCH_ENERGY);
            assertThat(x.detail()).contains("31.5 J per answer > 20.0 J").contains("estimated");
        });
        assertThat(Recommender.recommend(List.of(big, small), LENIENT).recommended()).as("no cap").isEqualTo("m-big");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ServiceLevels(2000, 10, 0.3, 0.8, 0.0))
                .hasMessageContaining("slo.max_joules_per_answer");
    }

    @Test
    void aVariantSuspectedOfCpuFallbackIsNeverRecommendedForThatDevice() {
        // The NPU variant is faster (200 tok/s against 50) and bigger, so only the fallback verdict can make it lose.
        Candidate npu = candidate("m-npu", 60_000_000, stats("m-npu", 50, 5, 10, 0)).withSuspectedCpuFallback(true);
        Candidate cpu = candidate("m-cpu", 30_000_000, stats("m-cpu", 120, 20, 10, 0));
        Recommendation r = Recommender.recommend(List.of(npu, cpu), LENIENT);
        assertThat(r.recommended()).isEqualTo("m-cpu");
        assertThat(r.rejected()).singleElement().satisfies(x -> {
            assertThat(x.model()).isEqualTo("m-npu");
            assertThat(x.reason()).isEqualTo(Reason.SUSPECTED_CPU_FALLBACK);
            assertThat(x.detail()).contains("suspected CPU fallback");
        });
        assertThat(Recommender.recommend(List.of(npu.withSuspectedCpuFallback(false), cpu), LENIENT).recommended())
                .isEqualTo("m-npu");
    }

    @Test
    void theBiggestModelThatMeetsTheServiceLevelsWinsAndTheSummarySaysItRestsOnParameters() {
        Recommendation r = Recommender.recommend(List.of(
                candidate("small", 1_000_000, stats("small", 50, 5, 10, 0)),     // 200 tok/s
                candidate("medium", 30_000_000, stats("medium", 120, 20, 10, 0)), // 50 tok/s
                candidate("large", 120_000_000, stats("large", 400, 125, 10, 0))), // 8 tok/s: too slow
                LENIENT);
        assertThat(r.recommended()).isEqualTo("medium");
        assertThat(r.basis()).isEqualTo(RankBasis.PARAMETERS);
        assertThat(r.summary()).startsWith("Recommended: medium (decode p50 50.0 tok/s, TTFT p90 128 ms, n=10,"
                + " peak memory 2.0 GB): ranked by parameter count (30.0M): no quality evidence of 2 model(s)");
        assertThat(r.summary()).doesNotContain("best");
        assertThat(bare(r)).containsExactly(
                new Rejection("small", Reason.RANKED_LOWER, "meets the service levels, but medium ranks higher by"
                        + " parameter count (1.0M parameters vs 30.0M parameters)"),
                new Rejection("large", Reason.TOO_SLOW, "decode p50 8.0 tok/s < 10.0 tok/s"));
        assertThat(r.rejected()).allSatisfy(x -> assertThat(x.evidence()).isNotNull());
        assertThat(r.evidence().successes()).isEqualTo(10);
        // 0 of 10 failed: Wilson upper = z² / (n + z²) = 3.8415 / 13.8415 = 0.2775
        assertThat(r.evidence().errorRateUpper()).isCloseTo(0.2775, within(1e-4));
    }

    @Test
    void onlySpeedSeparatingThemIsSaidAndNeverCalledBestQuality() {
        Recommendation r = Recommender.recommend(List.of(
                candidate("phi-4-mini", 0, stats("a", 100, 6.6, 10, 0)),        // 151.5 tok/s
                candidate("qwen2.5-0.5b", 0, stats("b", 80, 4.67, 10, 0))),     // 214.1 tok/s
                LENIENT);
        assertThat(r.recommended()).isEqualTo("qwen2.5-0.5b");
        assertThat(r.basis()).isEqualTo(RankBasis.SPEED);
        assertThat(r.summary()).contains("ranked by speed: no quality evidence").doesNotContain("best");
        assertThat(r.rejected().get(0).reason()).isEqualTo(Reason.RANKED_LOWER);
        assertThat(r.rejected().get(0).detail()).contains("ranks higher by speed (decode p50");
        Recommendation tied = Recommender.recommend(List.of(
                full("a", 0, stats("a", 100, 6.6, 10, 0), scores(5, 0), null, 0, null, null),
                full("b", 0, stats("b", 80, 4.67, 10, 0), scores(5, 0), null, 0, null, null)), LENIENT);
        assertThat(tied.basis()).isEqualTo(RankBasis.SPEED);
        assertThat(tied.summary()).contains("ranked by speed: measured quality does not separate them")
                .doesNotContain("best");
    }

    @Test
    void measuredQualityInTheUseCaseBeatsSizeAndSpeed() {
        SampleStats fast = stats("f", 50, 5, 10, 0);
        SampleStats slow = stats("s", 100, 50, 10, 0);
        Recommendation r = Recommender.recommend(List.of(
                full("fast-big", 7_000_000_000L, fast, scores(6, 4), null, 0, null, null),
                full("slow-small", 1_000_000_000L, slow, scores(9, 1), null, 0, null, null)), LENIENT);
        assertThat(r.recommended()).isEqualTo("slow-small");
        assertThat(r.basis()).isEqualTo(RankBasis.MEASURED_QUALITY);
        // 9 of 10: mean 0.9, sd = sqrt(0.1 * 0.9 * 10 / 9) = 0.3162, se 0.1, t(9) = 2.2622: 0.674 .. 1.126 -> 1.00
        assertThat(r.summary()).contains("quality 0.90 (n=10, 95 % CI 0.67–1.00)")
                .contains("the best measured quality in this use case");
        // 6 of 10: mean 0.6, sd = sqrt(0.24 * 10 / 9) = 0.5164, se 0.1633, half 0.3694: 0.23 .. 0.97
        assertThat(bare(r)).containsExactly(new Rejection("fast-big", Reason.LOWER_QUALITY,
                "meets the service levels, but slow-small ranks higher by measured quality (quality 0.60 (n=10,"
                        + " 95 % CI 0.23–0.97) vs quality 0.90 (n=10, 95 % CI 0.67–1.00))"));
    }

    @Test
    void measuredQualityRanksOnlyWhenEveryCandidateHasEnoughScoredAnswers() {
        SampleStats fine = stats("x", 100, 10, 10, 0);
        Recommendation r = Recommender.recommend(List.of(
                full("few-scores", 1_000_000, fine, scores(3, 0), null, 0, null, null),
                full("many-scores", 2_000_000, fine, scores(5, 1), null, 0, null, null)), LENIENT);
        assertThat(r.basis()).isEqualTo(RankBasis.PARAMETERS);
        assertThat(r.recommended()).isEqualTo("many-scores");
        assertThat(r.summary()).contains("Measured quality not compared: fewer than 5 scored answers for few-scores.");
    }

    @Test
    void aFailedCheckCountsAgainstThisUseCaseOnly() {
        // scores 1,0,0,0,0: mean 0.2, sd = sqrt(0.2) = 0.4472, se 0.2, t(4) = 2.7764: -0.355 .. 0.755
        Rejection r = Recommender.check(full("coder", 1, stats("c", 100, 10, 10, 0), scores(1, 4), null, 0, null,
                null), LENIENT, EvidenceRules.DEFAULTS);
        assertThat(r.withoutEvidence()).isEqualTo(new Rejection("coder", Reason.FAILED_QUALITY_CHECK,
                "quality 0.20 < 0.50 in this use case (n=5, 1 passed, 95 % CI 0.00–0.76)"));
        assertThat(Recommender.check(full("coder", 1, stats("c", 100, 10, 10, 0), scores(5, 0), null, 0, null,
                null), LENIENT, EvidenceRules.DEFAULTS)).isNull();
    }

    @Test
    void fewerRequestsThanTheMinimumIsInsufficientEvidence() {
        assertThat(Recommender.check(candidate("new", 1, stats("n", 100, 10, 9, 0)), LENIENT).withoutEvidence())
                .isEqualTo(new Rejection("new", Reason.INSUFFICIENT_EVIDENCE,
                        "9 successful measured request(s) < 10"));
        assertThat(Recommender.check(candidate("new", 1, stats("n", 100, 10, 9, 0)), LENIENT,
                new EvidenceRules(9, 5, 5, 0.5))).isNull();
    }

    @Test
    void theErrorLimitIsJudgedOnTheWilsonUpperBound() {
        // 0 of 10 failed: point 0 %, upper bound 27.8 %, not below the default 1 %
        assertThat(Recommender.check(candidate("ok", 1, stats("o", 100, 10, 10, 0)), ServiceLevels.DEFAULTS)
                .withoutEvidence()).isEqualTo(new Rejection("ok", Reason.INSUFFICIENT_EVIDENCE,
                "error rate 0.0 % (0 of 10 failed), but its 95 % upper bound 27.8 % is not"
                        + " below 1.0 %"));
        // 1 of 40 failed: point 2.5 % < 30 %; Wilson upper = 12.9 % < 30 %: passes
        assertThat(Recommender.check(candidate("ok", 1, stats("o", 100, 10, 40, 1)), LENIENT)).isNull();
        // 2 of 12 failed: point 16.7 % < 30 % but Wilson upper = 44.8 % ≥ 30 %
        assertThat(Recommender.check(candidate("f", 1, stats("o", 100, 10, 12, 2)), LENIENT).detail())
                .isEqualTo("error rate 16.7 % (2 of 12 failed), but its 95 % upper bound 44.8 %"
                        + " is not below 30.0 %");
    }

    @Test
    void everyReasonToLose() {
        SampleStats fine = stats("x", 100, 10, 10, 0);
        // TTFT 2100..2109 ms: type-7 p90 = 2108.1 ms
        assertThat(Recommender.check(candidate("slow-start", 1, stats("s", 2100, 10, 10, 0)), LENIENT)
                .withoutEvidence()).isEqualTo(new Rejection("slow-start", Reason.TOO_SLOW, "TTFT p90 2108 ms > 2000 ms"));
        // 4 failures in 10 = 40 % >= 30 %
        assertThat(Recommender.check(candidate("flaky", 1, stats("f", 100, 10, 10, 4)), LENIENT).withoutEvidence())
                .isEqualTo(new Rejection("flaky", Reason.TOO_MANY_ERRORS,
                        "error rate 40.0 % ≥ 30.0 % (4 of 10 requests failed)"));
        // 14 GB peak on a 16 GB machine: above 80 % (12.8 GB)
        assertThat(Recommender.check(new Candidate("big", 1, null, false, fine, 14 * GB, 16 * GB, null), LENIENT)
                .withoutEvidence()).isEqualTo(new Rejection("big", Reason.DOES_NOT_FIT,
                "peak memory 14.0 GB > 80 % of 16.0 GB RAM"));
        assertThat(Recommender.check(new Candidate("wrong", 1, null, true, fine, null, 0, null), LENIENT)
                .withoutEvidence()).isEqualTo(new Rejection("wrong", Reason.FAILED_QUALITY_CHECK,
                "an answer failed its quality check"));
        assertThat(Recommender.check(new Candidate("gone", 1, null, false, SampleStats.of(List.of()), null, 0,
                "LOAD_FAILED: out of memory"), LENIENT).withoutEvidence())
                .isEqualTo(new Rejection("gone", Reason.NOT_MEASURED, "LOAD_FAILED: out of memory"));
        assertThat(Recommender.check(new Candidate("empty", 1, null, false, SampleStats.of(List.of()), null, 0, null),
                LENIENT).withoutEvidence()).isEqualTo(new Rejection("empty", Reason.NO_DATA,
                "no successful measured request"));
        assertThat(Recommender.check(candidate("ok", 1, fine), LENIENT)).isNull();
    }

    @Test
    void ratingsCountOnlyWithEnoughOfThemForEveryCandidate() {
        SampleStats fine = stats("x", 100, 10, 10, 0);
        // one rating of 1/5 does not rank: the unrated bigger model wins on parameters
        Recommendation one = Recommender.recommend(List.of(
                full("rated-once", 1_000_000, fine, null, 1.0, 1, null, null),
                full("unrated", 2_000_000, fine, null, null, 0, null, null)), LENIENT);
        assertThat(one.recommended()).isEqualTo("unrated");
        assertThat(one.basis()).isEqualTo(RankBasis.PARAMETERS);
        Recommendation both = Recommender.recommend(List.of(
                full("big-but-worse", 100_000_000, fine, null, 3.1, 5, null, null),
                full("small-but-better", 1_000_000, fine, null, 4.2, 6, null, null)), LENIENT);
        assertThat(both.recommended()).isEqualTo("small-but-better");
        assertThat(both.basis()).isEqualTo(RankBasis.RATINGS);
        assertThat(both.rejected()).extracting(Rejection::detail).containsExactly("meets the service levels, but"
                + " small-but-better ranks higher by human ratings (rating 3.10 of 5 (n=5) vs rating 4.20 of 5 (n=6))");
    }

    @Test
    void fileSizesAreComparedWithinOneQuantizationFamilyOnly() {
        SampleStats fast = stats("f", 50, 5, 10, 0);
        SampleStats slow = stats("s", 100, 50, 10, 0);
        Recommendation same = Recommender.recommend(List.of(
                full("small-file", 0, fast, null, null, 0, 1 * GB, "Q4_0"),
                full("big-file", 0, slow, null, null, 0, 4 * GB, "Q4_K_M")), LENIENT);
        assertThat(same.recommended()).isEqualTo("big-file");
        assertThat(same.basis()).isEqualTo(RankBasis.FILE_SIZE);
        assertThat(same.summary()).contains("ranked by file size within quantization family Q4: no quality evidence");
        Recommendation mixed = Recommender.recommend(List.of(
                full("small-file", 0, fast, null, null, 0, 1 * GB, "Q4_0"),
                full("big-file", 0, slow, null, null, 0, 4 * GB, "F16")), LENIENT);
        assertThat(mixed.recommended()).isEqualTo("small-file");
        assertThat(mixed.basis()).isEqualTo(RankBasis.SPEED);
        assertThat(mixed.summary()).contains("File sizes not compared: quantization families differ.");
    }

    @Test
    void unmeasuredMemoryIsSaidNotPassedSilently() {
        Recommendation r = Recommender.recommend(List.of(new Candidate("server-model", 0, null, false,
                stats("x", 100, 10, 10, 0), null, 16 * GB, null)), LENIENT);
        assertThat(r.basis()).isEqualTo(RankBasis.ONLY_CANDIDATE);
        assertThat(r.summary()).contains("peak memory not measured").contains("the only one of 1 model(s)");
        assertThat(r.evidence().memoryWords()).isEqualTo("not measured");
    }

    @Test
    void nothingPassesMeansNoRecommendation() {
        Recommendation r = Recommender.recommend(List.of(candidate("slow", 1, stats("slow", 100, 200, 10, 0))),
                LENIENT);
        assertThat(r.recommended()).isNull();
        assertThat(r.basis()).isEqualTo(RankBasis.NONE);
        assertThat(r.summary()).startsWith("No model meets the service levels with enough evidence (TTFT p90 ≤ 2000 ms");
    }

    @Test
    void evidenceRulesRejectNonsenseWithTheFieldName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EvidenceRules(0, 5, 5, 0.5))
                .hasMessageContaining("evidence.min_requests");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EvidenceRules(10, 5, 5, 1.5))
                .hasMessageContaining("evidence.min_quality");
    }
}
