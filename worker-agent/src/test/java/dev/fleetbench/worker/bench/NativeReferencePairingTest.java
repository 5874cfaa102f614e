package dev.fleetbench.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's paired ratio: the median of the rounds' ratios with its order-statistic 95 % interval. */
class NativeReferencePairingTest {

    @Test
    void nineRoundsGiveTheSecondAndEighthRatiosAsTheInterval() {
        // sorted: 0.80 0.85 0.88 0.90 0.91 0.93 0.95 0.97 1.10; Bin(9, 1/2): P(B <= 1) = 0.0195 <= 2.5 % -> j = 2
        List<Double> ratios = List.of(0.93, 0.80, 1.10, 0.91, 0.88, 0.97, 0.85, 0.95, 0.90);
        assertThat(NativeReferenceBenchmark.paired(ratios)).isEqualTo("0.91 [0.85, 0.97], 9 rounds");
    }

    @Test
    void fewerThanSixRoundsHaveNoInterval() {
        assertThat(NativeReferenceBenchmark.paired(List.of(0.9, 1.0, 1.1))).isEqualTo("1.00 no interval, 3 rounds");
    }
}
