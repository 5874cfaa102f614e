package dev.fleetbench.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellWeightsTest {

    @Test
    void aCellWithMoreRepetitionsDoesNotWeighMore() {
        // A = {10, 20} (weight 1/2 each), B = {30, 40, 50, 60} (1/4 each); total 2, span 2 - 1/4 - 1/8 = 1.625.
        // Positions (C - w/2 - 1/4) / 1.625: 10 → 0, 20 → 0.5/1.625 = 0.3077, 30 → 0.875/1.625 = 0.5385,
        // 40 → 0.6923, 50 → 0.8462, 60 → 1.
        // p50 = 20 + (0.5 - 0.3077) / 0.2308 x 10 = 28.333; p90 = 50 + (0.9 - 0.8462) / 0.1538 x 10 = 53.5;
        // p95 = 50 + 0.675 x 10 = 56.75; p99 = 50 + 0.935 x 10 = 59.35. Pooled without weights: 35, 55, 57.5, 59.5.
        Summary s = CellWeights.summarize(List.of(new double[] {10, 20}, new double[] {30, 40, 50, 60}));
        assertThat(s.n()).isEqualTo(6);
        assertThat(s.p50()).isCloseTo(20 + 10 * (0.5 - 0.5 / 1.625) / (0.375 / 1.625), within(1e-9))
                .isCloseTo(28.3333, within(1e-4));
        assertThat(s.p90()).isCloseTo(53.5, within(1e-9));
        assertThat(s.p95()).isCloseTo(56.75, within(1e-9));
        assertThat(s.p99()).isCloseTo(59.35, within(1e-9));
        assertThat(s.mean()).as("mean and sd pool raw values").isCloseTo(35, within(1e-9));
        assertThat(List.of(s.min(), s.max())).containsExactly(10.0, 60.0);
        assertThat(s.medianCiLow()).as("n_eff = 4 / (1/2 + 1/4) = 5.33: no 95 % interval below 6").isNull();
        assertThat(CellWeights.effectiveN(new int[] {2, 4})).isCloseTo(16.0 / 3, within(1e-12));
    }

    @Test
    void theMedianIntervalUsesTheEffectiveNumberOfValues() {
        // A = {1, 2, 3} (1/3 each), B = {11 ... 19} (1/9 each). n_eff = 4 / (1/3 + 1/9) = 9, so the ranks of a
        // sample of 9: j = 2 (P(Bin(9, 1/2) <= 1) = 10/512 <= 0.025 < 46/512), at fractions 1/8 and 7/8.
        // Total 2, span 2 - 1/6 - 1/18 = 16/9; positions: 1 → 0, 2 → 3/16, 3 → 6/16, 11 + k → (8 + k)/16.
        // 1/8 lies between 1 and 2: 1 + (1/8) / (3/16) = 1.667; 7/8 = 14/16 is 17; p50 = 8/16 → 11;
        // p90 → k = 6.4 → 17.4. Unweighted the median of these 12 values would be 13.5.
        double[] b = {11, 12, 13, 14, 15, 16, 17, 18, 19};
        Summary s = CellWeights.summarize(List.of(new double[] {1, 2, 3}, b));
        assertThat(CellWeights.intervalFractions(new int[] {3, 9})).containsExactly(new double[] {0.125, 0.875}, within(1e-12));
        assertThat(s.medianCiLow()).isCloseTo(1 + 0.125 / 0.1875, within(1e-9));
        assertThat(s.medianCiHigh()).isCloseTo(17, within(1e-9));
        assertThat(s.p50()).isCloseTo(11, within(1e-9));
        assertThat(s.p90()).isCloseTo(17.4, within(1e-9));
    }

    @Test
    void equalCellsGiveExactlyTheUnweightedSummary() {
        double[] a = {5, 1, 4, 9, 7, 3};
        double[] b = {2, 8, 6, 10, 12, 11};
        double[] all = {5, 1, 4, 9, 7, 3, 2, 8, 6, 10, 12, 11};
        assertThat(CellWeights.summarize(List.of(a, b))).isEqualTo(Summary.of(all));
        assertThat(CellWeights.summarize(List.of(a, new double[0], b))).isEqualTo(Summary.of(all));
    }

    @Test
    void theWeightedDefinitionIsTypeSevenWhenWeightsAreEqual() {
        // forced through the weighted path: positions (i - 1)/(n - 1) give quantile_cont's answer
        CellWeights.Weighted w = CellWeights.Weighted.of(List.of(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10}));
        Summary plain = Summary.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThat(w.quantile(0.5)).isCloseTo(plain.p50(), within(1e-12));
        assertThat(w.quantile(0.9)).isCloseTo(plain.p90(), within(1e-12));
        assertThat(w.quantile(0.99)).isCloseTo(plain.p99(), within(1e-12));
    }

    @Test
    void oneValueIsItsOwnQuantile() {
        Summary s = CellWeights.summarize(List.of(new double[] {7}, new double[] {}));
        assertThat(s.p50()).isEqualTo(7.0);
    }
}
