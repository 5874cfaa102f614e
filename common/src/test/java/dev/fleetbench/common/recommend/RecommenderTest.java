package dev.fleetbench.common.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.recommend.Recommendation.Reason;
import dev.fleetbench.common.recommend.Recommendation.Rejection;
import dev.fleetbench.common.stats.SampleStats;
import dev.fleetbench.common.testing.Samples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommenderTest {

    private static final long GB = 1_000_000_000L;

    /** n requests with the given TTFT and token gap (decode = 1000 / gap tok/s), and `failures` failed ones. */
    private static SampleStats stats(String model, double ttft, double gapMs, int n, int failures) {
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

    @Test
    void theBiggestModelThatMeetsTheServiceLevelsWins() {
        Recommendation r = Recommender.recommend(List.of(
                candidate("small", 1_000_000, stats("small", 50, 5, 10, 0)),     // 200 tok/s
                candidate("medium", 30_000_000, stats("medium", 120, 20, 10, 0)), // 50 tok/s
                candidate("large", 120_000_000, stats("large", 400, 125, 10, 0))), // 8 tok/s: too slow
                ServiceLevels.DEFAULTS);
        assertThat(r.recommended()).isEqualTo("medium");
        assertThat(r.summary()).startsWith("Recommended: medium (decode p50 50.0 tok/s, TTFT p90 128 ms)");
        assertThat(r.rejected()).containsExactly(
                new Rejection("small", Reason.LOWER_QUALITY,
                        "meets the service levels, but medium ranks higher (1.0M parameters vs 30.0M parameters)"),
                new Rejection("large", Reason.TOO_SLOW, "decode p50 8.0 tok/s < 10.0 tok/s"));
    }

    @Test
    void everyReasonToLose() {
        SampleStats fine = stats("x", 100, 10, 10, 0);
        // TTFT 2100..2109 ms: type-7 p90 = 2108.1 ms
        assertThat(Recommender.check(candidate("slow-start", 1, stats("s", 2100, 10, 10, 0)), ServiceLevels.DEFAULTS))
                .isEqualTo(new Rejection("slow-start", Reason.TOO_SLOW, "TTFT p90 2108 ms > 2000 ms"));
        // 1 failure in 10 = 10 % >= 1 %
        assertThat(Recommender.check(candidate("flaky", 1, stats("f", 100, 10, 10, 1)), ServiceLevels.DEFAULTS))
                .isEqualTo(new Rejection("flaky", Reason.TOO_MANY_ERRORS,
                        "error rate 10.0 % ≥ 1.0 % (1 of 10 requests failed)"));
        // 14 GB peak on a 16 GB machine: above 80 % (12.8 GB)
        assertThat(Recommender.check(new Candidate("big", 1, null, false, fine, 14 * GB, 16 * GB, null),
                ServiceLevels.DEFAULTS)).isEqualTo(new Rejection("big", Reason.DOES_NOT_FIT,
                "peak memory 14.0 GB > 80 % of 16.0 GB RAM"));
        assertThat(Recommender.check(new Candidate("wrong", 1, null, true, fine, null, 0, null), ServiceLevels.DEFAULTS))
                .isEqualTo(new Rejection("wrong", Reason.FAILED_QUALITY_CHECK, "an answer failed its quality check"));
        assertThat(Recommender.check(new Candidate("gone", 1, null, false, SampleStats.of(List.of()), null, 0,
                "LOAD_FAILED: out of memory"), ServiceLevels.DEFAULTS))
                .isEqualTo(new Rejection("gone", Reason.NOT_MEASURED, "LOAD_FAILED: out of memory"));
        assertThat(Recommender.check(new Candidate("empty", 1, null, false, SampleStats.of(List.of()), null, 0, null),
                ServiceLevels.DEFAULTS)).isEqualTo(new Rejection("empty", Reason.NO_DATA, "no successful measured request"));
        assertThat(Recommender.check(candidate("ok", 1, fine), ServiceLevels.DEFAULTS)).isNull();
    }

    @Test
    void aQualityScoreBeatsSize() {
        SampleStats fine = stats("x", 100, 10, 10, 0);
        Recommendation r = Recommender.recommend(List.of(
                new Candidate("big-but-worse", 100_000_000, 3.1, false, fine, null, 0, null),
                new Candidate("small-but-better", 1_000_000, 4.2, false, fine, null, 0, null)), ServiceLevels.DEFAULTS);
        assertThat(r.recommended()).isEqualTo("small-but-better");
        assertThat(r.rejected()).extracting(Rejection::detail)
                .containsExactly("meets the service levels, but small-but-better ranks higher (quality 3.10 vs quality 4.20)");
    }

    @Test
    void nothingPassesMeansNoRecommendation() {
        Recommendation r = Recommender.recommend(List.of(candidate("slow", 1, stats("slow", 100, 200, 10, 0))),
                ServiceLevels.DEFAULTS);
        assertThat(r.recommended()).isNull();
        assertThat(r.summary()).startsWith("No model meets the service levels (TTFT p90 ≤ 2000 ms");
    }
}
