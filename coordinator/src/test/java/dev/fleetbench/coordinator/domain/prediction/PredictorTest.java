package dev.fleetbench.coordinator.domain.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.MemoryBandwidth;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.recommend.ServiceLevels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The prediction's formulas on figures worked by hand. */
class PredictorTest {

    static MemoryBandwidth gbs(double v) {
        return new MemoryBandwidth(v, "copy", 128L << 20, 5, 4, 500);
    }

    /** A 4 GB model with 32 layers of 1,024-wide keys and values: 2 × 32 × 1024 × 2 bytes = 131,072 bytes per token. */
    static final ModelVariant FOUR_GB = new ModelVariant("m-4gb", "m", DeviceType.CPU, "llama.cpp-cpu", 4_000_000_000L,
            0, "Q4_K_M", 131_072L);

    @Test
    void decodeIsBandwidthOverWeightsPlusTheCacheReadAtTheMiddleOfTheAnswer() {
        // 1,024 prompt tokens, 256 answer tokens: the average token reads the weights and 1,024 + 128 tokens of cache
        // 4e9 + 131,072 × 1,152 = 4,150,994,944 bytes; 20e9 / 4,150,994,944 = 4.8181 tok/s
        CellPrediction p = Predictor.predict(gbs(20), new MemoryInfo(16_000_000_000L, 8_000_000_000L), FOUR_GB,
                PromptSpec.context(1024, 256)).orElseThrow();
        assertThat(p.bytesPerToken()).isEqualTo(4_150_994_944L);
        assertThat(p.decodeTps()).isCloseTo(4.8181, within(0.0001));
        assertThat(p.promptTokens()).isEqualTo(1024);
        assertThat(p.promptTokensEstimated()).isFalse();
        // memory: 4e9 + 131,072 × (1,024 + 256) + 256 MiB = 4e9 + 167,772,160 + 268,435,456 = 4,436,207,616 bytes
        assertThat(p.memoryBytes()).isEqualTo(4_436_207_616L);
        assertThat(p.availableBytes()).isEqualTo(8_000_000_000L);
        assertThat(p.fits()).isTrue();
        assertThat(p.bandwidthGbPerSecond()).isEqualTo(20);
        assertThat(p.kvKnown()).isTrue();
    }

    @Test
    void withoutCacheFiguresTheWeightsAloneCountAndAnOrdinaryPromptIsEstimatedFromItsCharacters() {
        ModelVariant oneGb = new ModelVariant("m-1gb", "m", DeviceType.CPU, null, 1_000_000_000L, 0, null);
        // "Once upon a time" is 16 characters: 4 tokens, estimated; 10e9 / 1e9 = 10 tok/s
        CellPrediction p = Predictor.predict(gbs(10), new MemoryInfo(16_000_000_000L, 0), oneGb,
                new PromptSpec("story", UseCase.CHAT, "Once upon a time", 32, null)).orElseThrow();
        assertThat(p.decodeTps()).isEqualTo(10.0);
        assertThat(p.promptTokens()).isEqualTo(4);
        assertThat(p.promptTokensEstimated()).isTrue();
        assertThat(p.kvKnown()).isFalse();
        // 1e9 + 256 MiB = 1,268,435,456 bytes against 80 % of 16 GB = 12.8 GB (nothing was seen free)
        assertThat(p.memoryBytes()).isEqualTo(1_268_435_456L);
        assertThat(p.availableBytes()).isEqualTo(12_800_000_000L);
        assertThat(p.fits()).isTrue();
        // 17 characters round up to 5 tokens
        assertThat(Predictor.predict(gbs(10), null, oneGb, new PromptSpec("s", UseCase.CHAT, "Once upon a time.", 32,
                null)).orElseThrow().promptTokens()).isEqualTo(5);
    }

    @Test
    void aModelLargerThanTheFreeMemoryDoesNotFitAndUnknownMemoryIsUnknown() {
        CellPrediction p = Predictor.predict(gbs(20), new MemoryInfo(8_000_000_000L, 4_000_000_000L), FOUR_GB,
                PromptSpec.context(1024, 256)).orElseThrow();
        assertThat(p.fits()).isFalse();
        assertThat(Predictor.predict(gbs(20), new MemoryInfo(0, 0), FOUR_GB, PromptSpec.context(128, 8)).orElseThrow()
                .fits()).isNull();
    }

    @Test
    void noBandwidthNoSizeOrAnAcceleratorMeansNoPrediction() {
        ModelVariant gpu = new ModelVariant("m-gpu", "m", DeviceType.GPU, null, 4_000_000_000L, 0, null);
        assertThat(Predictor.predict(gbs(20), new MemoryInfo(1, 1), gpu, PromptSpec.context(128, 8)))
                .as("a GPU reads memory the probe did not measure").isEmpty();
        assertThat(Predictor.predict(null, new MemoryInfo(1, 1), FOUR_GB, PromptSpec.context(128, 8))).isEmpty();
        ModelVariant unknownSize = new ModelVariant("x", "x", DeviceType.CPU, null, 0, 0, null);
        assertThat(Predictor.predict(gbs(20), new MemoryInfo(1, 1), unknownSize, PromptSpec.context(128, 8))).isEmpty();
    }

    @Test
    void tooSlowMeansEvenFactorTimesThePredictionMissesTheMinimum() {
        CellPrediction p = Predictor.predict(gbs(20), null, FOUR_GB, PromptSpec.context(1024, 256)).orElseThrow();
        ServiceLevels tenTps = ServiceLevels.DEFAULTS; // decode p50 ≥ 10 tok/s
        // 3 × 4.818 = 14.45 ≥ 10: may make it; 2 × 4.818 = 9.64 < 10: hopeless by more than 2×
        assertThat(Predictor.tooSlow(p, tenTps, 3)).isFalse();
        assertThat(Predictor.tooSlow(p, tenTps, 2)).isTrue();
        assertThat(Predictor.tooSlow(p, new ServiceLevels(2000, 0, 0.01, 0.8), 1)).as("no minimum").isFalse();
        assertThat(Predictor.tooSlowReason(p, tenTps, 2)).isEqualTo("predicted 4.82 tok/s decode (20.0 GB/s measured"
                + " bandwidth ÷ 4151.0 MB read per token), more than 2× below the minimum of 10 tok/s"
                + " (slo.decode_p50_min_tps); not run (skip_predicted_too_slow)");
    }

    @Test
    void theErrorOfAClassIsTheMedianAbsolutePercentageErrorOverItsScoredCells() {
        CellPrediction ten = prediction(10);
        CellPrediction twenty = prediction(20);
        CellPrediction two = prediction(2);
        List<PredictionReport.CellOutcome> cells = List.of(
                // |10 − 8| / 8 = 25 %
                PredictionReport.CellOutcome.of("c1", "desk", "w1", "m", "p1", "done", ten, 8.0, 5),
                // |20 − 25| / 25 = 20 %
                PredictionReport.CellOutcome.of("c2", "desk", "w1", "m", "p2", "done", twenty, 25.0, 5),
                // skipped: predicted, never measured
                PredictionReport.CellOutcome.of("c3", "desk", "w1", "m", "p3", "predicted_too_slow", two, null, 0),
                // a machine without a measured bandwidth: measured, never predicted
                PredictionReport.CellOutcome.of("c4", "laptop", "w2", "m", "p1", "done", null, 30.0, 5));
        PredictionReport r = PredictionReport.of(cells, Map.of(PredictionReport.key("desk", "m"),
                new PredictionReport.Measured(9.0, 10), PredictionReport.key("laptop", "m"),
                new PredictionReport.Measured(30.0, 5)), Map.of("desk", "Desktop"));
        assertThat(r.cells().get(0).absPctError()).isEqualTo(25.0);
        assertThat(r.cells().get(1).absPctError()).isEqualTo(20.0);
        assertThat(r.cells().get(2).absPctError()).isNull();
        assertThat(r.classes()).containsExactly(
                new PredictionReport.ClassError("desk", "Desktop", 2, 22.5),
                new PredictionReport.ClassError("laptop", "laptop", 0, null));
        PredictionReport.Row desk = r.rows().get(0);
        assertThat(desk.hardwareClass()).isEqualTo("desk");
        assertThat(desk.cells()).isEqualTo(3);
        assertThat(desk.predictedCells()).isEqualTo(3);
        assertThat(desk.skipped()).isEqualTo(1);
        // median of 10, 20 and 2 is 10; 9 measured ÷ 10 predicted = 0.9
        assertThat(desk.predictedDecodeTps()).isEqualTo(10.0);
        assertThat(desk.measuredDecodeP50()).isEqualTo(9.0);
        assertThat(desk.n()).isEqualTo(10);
        assertThat(desk.ratio()).isCloseTo(0.9, within(1e-12));
        PredictionReport.Row laptop = r.rows().get(1);
        assertThat(laptop.predictedDecodeTps()).isNull();
        assertThat(laptop.ratio()).isNull();
        assertThat(laptop.measuredDecodeP50()).isEqualTo(30.0);
    }

    /** A prediction of {@code tps} tokens/s (bandwidth tps GB/s over a 1 GB model). */
    private static CellPrediction prediction(double tps) {
        ModelVariant oneGb = new ModelVariant("m", "m", DeviceType.CPU, null, 1_000_000_000L, 0, null);
        return Predictor.predict(gbs(tps), new MemoryInfo(16_000_000_000L, 8_000_000_000L), oneGb,
                PromptSpec.context(128, 8)).orElseThrow();
    }
}
