package dev.fleetbench.coordinator.domain.results;

import static dev.fleetbench.coordinator.domain.results.ResultsFixtures.DESKTOP;
import static dev.fleetbench.coordinator.domain.results.ResultsFixtures.LAPTOP;
import static dev.fleetbench.coordinator.domain.results.ResultsFixtures.onEngine;
import static dev.fleetbench.coordinator.domain.results.ResultsFixtures.row;
import static dev.fleetbench.coordinator.domain.results.ResultsFixtures.scored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.recommend.RankBasis;
import dev.fleetbench.common.recommend.Recommendation.Reason;
import dev.fleetbench.common.recommend.Recommendation.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecommendationsTest {

    private static final List<AggregateRow> ROWS = List.of(
            // laptop, chat: the big model is fast enough but 15 GB of a 16 GB laptop; the small one passes
            row(LAPTOP, "chat", "phi-big", 30, 0, 900, 12),
            row(LAPTOP, "chat", "phi-small", 30, 0, 300, 35),
            // laptop, code: the small one fails too often (10 of 30 = 33 % ≥ 30 %)
            row(LAPTOP, "code", "phi-big", 30, 0, 950, 11),
            row(LAPTOP, "code", "phi-small", 30, 10, 320, 34),
            // desktop, chat: the big model is too slow to start, the small one passes
            row(DESKTOP, "chat", "phi-big", 45, 0, 2400, 9),
            row(DESKTOP, "chat", "phi-small", 45, 0, 250, 28));

    private static List<Rejection> bare(Recommendations.UseCaseResult u) {
        return u.recommendation().rejected().stream().map(Rejection::withoutEvidence).toList();
    }

    @Test
    void everyClassAndUseCaseGetsTheBestPassingModelAndEveryReason() {
        ResultInputs in = ResultsFixtures.inputs(ROWS, List.of(), Set.of(),
                Map.of(DESKTOP, Map.of("phi-npu", ResultsFixtures.noVariant("no variant of 'phi-npu' for this machine's"
                        + " devices (CPU); the catalog has NPU"))), QualityScores.of(List.of()));
        List<Recommendations.ClassResult> r = Recommendations.build(in);
        assertThat(r).extracting(c -> c.hardwareClass().key()).containsExactly(DESKTOP, LAPTOP);

        Recommendations.UseCaseResult desktopChat = r.get(0).useCases().get(0);
        assertThat(desktopChat.useCase()).isEqualTo("chat");
        assertThat(desktopChat.recommendation().recommended()).isEqualTo("phi-small");
        assertThat(bare(desktopChat)).containsExactly(
                new Rejection("phi-big", Reason.TOO_SLOW, "TTFT p90 2400 ms > 2000 ms"),
                new Rejection("phi-npu", Reason.NO_VARIANT,
                        "no variant of 'phi-npu' for this machine's devices (CPU); the catalog has NPU"));
        assertThat(desktopChat.recommendedPeakRss()).isEqualTo(3_100_000_000L);
        assertThat(desktopChat.recommendation().rejected().get(0).evidence().successes()).isEqualTo(45);
        assertThat(desktopChat.engineVersion()).isEqualTo("foundry 0.8.119");

        Recommendations.UseCaseResult laptopChat = r.get(1).useCases().get(0);
        assertThat(laptopChat.recommendation().recommended()).isEqualTo("phi-small");
        assertThat(laptopChat.recommendation().basis()).isEqualTo(RankBasis.ONLY_CANDIDATE);
        // 15.0 GB peak > 80 % of 16 GiB (17.2 GB) = 13.7 GB
        assertThat(bare(laptopChat)).containsExactly(
                new Rejection("phi-big", Reason.DOES_NOT_FIT, "peak memory 15.0 GB > 80 % of 17.2 GB RAM"));

        Recommendations.UseCaseResult laptopCode = r.get(1).useCases().get(1);
        assertThat(laptopCode.useCase()).isEqualTo("code");
        assertThat(laptopCode.recommendation().recommended()).isNull();
        assertThat(laptopCode.recommendation().rejected()).extracting(Rejection::reason)
                .containsExactly(Reason.DOES_NOT_FIT, Reason.TOO_MANY_ERRORS);
    }

    @Test
    void aFailedCheckCountsAgainstTheUseCaseAndClassWhereItFailedOnly() {
        List<AggregateRow> rows = List.of(
                scored(row(DESKTOP, "chat", "phi-big", 45, 0, 500, 30), 10, 0),
                scored(row(DESKTOP, "chat", "phi-small", 45, 0, 250, 28), 8, 2),
                scored(row(DESKTOP, "code", "phi-big", 45, 0, 500, 30), 1, 9),     // fails the code checks here
                scored(row(DESKTOP, "code", "phi-small", 45, 0, 250, 28), 7, 3),
                scored(row(LAPTOP, "code", "phi-small", 30, 0, 300, 35), 9, 1),
                scored(row(LAPTOP, "code", "tiny", 30, 0, 100, 90), 6, 4));
        List<Recommendations.ClassResult> r = Recommendations.build(
                ResultsFixtures.inputs(rows, List.of(), Set.of(), Map.of(), QualityScores.of(List.of())));
        Recommendations.UseCaseResult desktopChat = r.get(0).useCases().get(0);
        assertThat(desktopChat.recommendation().recommended()).as("still the best in chat").isEqualTo("phi-big");
        assertThat(desktopChat.recommendation().basis()).isEqualTo(RankBasis.MEASURED_QUALITY);
        Recommendations.UseCaseResult desktopCode = r.get(0).useCases().get(1);
        assertThat(desktopCode.recommendation().recommended()).isEqualTo("phi-small");
        // 1 of 10: mean 0.1, sd 0.3162, se 0.1, t(9) 2.2622: -0.126 .. 0.326
        assertThat(bare(desktopCode)).containsExactly(new Rejection("phi-big", Reason.FAILED_QUALITY_CHECK,
                "quality 0.10 < 0.50 in this use case (n=10, 1 passed, 95 % CI 0.00–0.33)"));
        Recommendations.UseCaseResult laptopCode = r.get(1).useCases().get(0);
        assertThat(laptopCode.recommendation().recommended()).as("quality before speed").isEqualTo("phi-small");
        assertThat(laptopCode.recommendation().rejected().get(0).reason()).isEqualTo(Reason.LOWER_QUALITY);
    }

    @Test
    void ratingsCountOnlyWithEnoughForEveryCandidate() {
        List<AggregateRow> rows = List.of(row(DESKTOP, "chat", "phi-big", 45, 0, 500, 30),
                row(DESKTOP, "chat", "tiny", 45, 0, 100, 90));
        List<RatingRecord> ratings = new ArrayList<>();
        ratings.add(rating(0, "tiny", 5, "phi-big", 3));
        ResultInputs once = ResultsFixtures.inputs(rows, List.of(), Set.of(), Map.of(), QualityScores.of(ratings));
        Recommendations.UseCaseResult r = Recommendations.build(once).get(0).useCases().get(0);
        assertThat(r.recommendation().recommended()).as("one rating does not count: the bigger wins").isEqualTo("phi-big");
        assertThat(r.recommendation().basis()).isEqualTo(RankBasis.PARAMETERS);
        for (int i = 1; i < 5; i++) {
            ratings.add(rating(i, "tiny", 5, "phi-big", 3));
        }
        ResultInputs five = ResultsFixtures.inputs(rows, List.of(), Set.of(), Map.of(), QualityScores.of(ratings));
        Recommendations.UseCaseResult rated = Recommendations.build(five).get(0).useCases().get(0);
        assertThat(rated.recommendation().recommended()).as("five ratings each: better rated wins").isEqualTo("tiny");
        assertThat(rated.recommendation().basis()).isEqualTo(RankBasis.RATINGS);
        assertThat(rated.recommendation().evidence().ratings()).isEqualTo(5);
    }

    @Test
    void groupsSplitByEngineVersionAreComparedLikeWithLikeAndAllShown() {
        List<AggregateRow> rows = List.of(
                row(DESKTOP, "chat", "phi-big", 45, 0, 500, 30),
                row(DESKTOP, "chat", "phi-small", 45, 0, 250, 28),
                onEngine(row(DESKTOP, "chat", "phi-big", 20, 0, 2500, 30), "0.8.120"),   // slower after an update
                onEngine(row(DESKTOP, "chat", "phi-small", 20, 0, 250, 28), "0.8.120"));
        List<Recommendations.UseCaseResult> r = Recommendations.build(ResultsFixtures.inputs(rows, List.of(), Set.of(),
                Map.of(), QualityScores.of(List.of()))).get(0).useCases();
        assertThat(r).extracting(Recommendations.UseCaseResult::engineVersion)
                .as("both groups, the one with most requests first").containsExactly("foundry 0.8.119", "foundry 0.8.120");
        assertThat(r).extracting(u -> u.recommendation().recommended()).containsExactly("phi-big", "phi-small");
        assertThat(r).allMatch(u -> u.groups() == 2);
        assertThat(r.get(1).recommendation().rejected().get(0).reason()).isEqualTo(Reason.TOO_SLOW);
    }

    private static RatingRecord rating(int i, String a, int scoreA, String b, int scoreB) {
        return new RatingRecord("r" + i, "c-1", "p", "chat", "s" + i, "t" + i, a, b,
                new RatingRecord.Scores(scoreA, scoreA, scoreA), new RatingRecord.Scores(scoreB, scoreB, scoreB),
                Instant.EPOCH);
    }
}
