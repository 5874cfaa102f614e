package dev.fleetbench.coordinator.domain.results;

import static dev.fleetbench.coordinator.domain.results.ResultsFixtures.DESKTOP;
import static dev.fleetbench.coordinator.domain.results.ResultsFixtures.LAPTOP;
import static dev.fleetbench.coordinator.domain.results.ResultsFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.recommend.Recommendation.Reason;
import dev.fleetbench.common.recommend.Recommendation.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecommendationsTest {

    private static final List<AggregateRow> ROWS = List.of(
            // laptop, chat: the big model is fast enough but 15 GB of a 16 GB laptop; the small one passes
            row(LAPTOP, "chat", "phi-big", 30, 0, 900, 12),
            row(LAPTOP, "chat", "phi-small", 30, 0, 300, 35),
            // laptop, code: the small one fails too often (2 of 30)
            row(LAPTOP, "code", "phi-big", 30, 0, 950, 11),
            row(LAPTOP, "code", "phi-small", 30, 2, 320, 34),
            // desktop, chat: the big model is too slow to start, the small one passes
            row(DESKTOP, "chat", "phi-big", 45, 0, 2400, 9),
            row(DESKTOP, "chat", "phi-small", 45, 0, 250, 28));

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
        assertThat(desktopChat.recommendation().rejected()).containsExactly(
                new Rejection("phi-big", Reason.TOO_SLOW, "TTFT p90 2400 ms > 2000 ms"),
                new Rejection("phi-npu", Reason.NO_VARIANT,
                        "no variant of 'phi-npu' for this machine's devices (CPU); the catalog has NPU"));
        assertThat(desktopChat.recommendedPeakRss()).isEqualTo(3_100_000_000L);

        Recommendations.UseCaseResult laptopChat = r.get(1).useCases().get(0);
        assertThat(laptopChat.recommendation().recommended()).isEqualTo("phi-small");
        // 15.0 GB peak > 80 % of 16 GiB (17.2 GB) = 13.7 GB
        assertThat(laptopChat.recommendation().rejected()).containsExactly(
                new Rejection("phi-big", Reason.DOES_NOT_FIT, "peak memory 15.0 GB > 80 % of 17.2 GB RAM"));

        Recommendations.UseCaseResult laptopCode = r.get(1).useCases().get(1);
        assertThat(laptopCode.useCase()).isEqualTo("code");
        assertThat(laptopCode.recommendation().recommended()).isNull();
        assertThat(laptopCode.recommendation().rejected()).extracting(Rejection::reason)
                .containsExactly(Reason.DOES_NOT_FIT, Reason.TOO_MANY_ERRORS);
    }

    @Test
    void aFailedQualityCheckIsNeverRecommendedAndRatingsOutrankSize() {
        List<AggregateRow> rows = List.of(row(DESKTOP, "chat", "phi-big", 45, 0, 500, 30),
                row(DESKTOP, "chat", "phi-small", 45, 0, 250, 28), row(DESKTOP, "chat", "tiny", 45, 0, 100, 90));
        ResultInputs failed = ResultsFixtures.inputs(rows, List.of(), Set.of("phi-big"), Map.of(), QualityScores.of(List.of()));
        Recommendations.UseCaseResult r = Recommendations.build(failed).get(0).useCases().get(0);
        assertThat(r.recommendation().recommended()).as("the biggest that passes its checks").isEqualTo("phi-small");
        assertThat(r.recommendation().rejected()).contains(
                new Rejection("phi-big", Reason.FAILED_QUALITY_CHECK, "an answer failed its quality check"));

        QualityScores rated = QualityScores.of(List.of(new RatingRecord("r1", "c-1", "p", "chat", "s1", "s2", "tiny",
                "phi-small", new RatingRecord.Scores(5, 5, 4), new RatingRecord.Scores(3, 3, 3), Instant.EPOCH)));
        assertThat(rated.score("tiny", "chat")).isCloseTo(4.6667, org.assertj.core.data.Offset.offset(1e-4));
        ResultInputs withRatings = ResultsFixtures.inputs(rows, List.of(), Set.of("phi-big"), Map.of(), rated);
        assertThat(Recommendations.build(withRatings).get(0).useCases().get(0).recommendation().recommended())
                .as("rated better beats bigger").isEqualTo("tiny");
    }
}
