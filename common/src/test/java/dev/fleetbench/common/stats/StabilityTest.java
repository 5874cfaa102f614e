package dev.fleetbench.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StabilityTest {

    @Test
    void identicalValuesAreStable() {
        assertThat(Stability.isUnstable(new double[] {100, 100, 100, 100})).isFalse();
    }

    @Test
    void cvOfThreePercentOrMoreIsUnstable() {
        // mean 100, sd = sqrt(32 / 3) = 3.266, cv = 3.27 %
        assertThat(Stability.isUnstable(new double[] {100, 104, 96, 100})).isTrue();
        // sd = sqrt(2 / 3) = 0.816, cv = 0.82 %
        assertThat(Stability.isUnstable(new double[] {100, 101, 99, 100})).isFalse();
    }

    @Test
    void aPointBeyondThreeSdIsUnstableEvenWithLowCv() {
        // 29 x 100 and one 110: mean 100.33, sd 1.835, cv 1.83 % (< 3), but 110 is 5.3 sd away
        double[] values = new double[30];
        Arrays.fill(values, 100);
        values[29] = 110;
        Summary s = Summary.of(values);
        assertThat(s.cvPct()).isLessThan(3.0);
        assertThat(Stability.isUnstable(values)).isTrue();
    }

    /**
     * n = 3 … 9: the values 100, 100.1, … (n − 1 of them, 0.1 apart) and one last value. Hand-computed: median,
     * MAD (median of |x − median|), limit = 3 × 1.4826 × MAD, and the last value's distance from the median. Every cv
     * is below 1 %, so only the outlier half decides; the old "3 sd from the mean" rule could not fire on any of
     * these, as no point of n ≤ 9 values can lie beyond (n − 1)/√n ≤ 2.67 of its own sample's sd.
     */
    @ParameterizedTest(name = "n = {0}, last {1}: median {2}, MAD {3}, limit {4}, distance {5}, outlier {6}")
    @CsvSource({
            "3, 100.4, 100.1,  0.1,  0.4448, 0.3,  false",
            "3, 101.6, 100.1,  0.1,  0.4448, 1.5,  true",
            "4, 100.5, 100.15, 0.1,  0.4448, 0.35, false",
            "4, 101.7, 100.15, 0.1,  0.4448, 1.55, true",
            "5, 100.6, 100.2,  0.1,  0.4448, 0.4,  false",
            "5, 101.8, 100.2,  0.1,  0.4448, 1.6,  true",
            "6, 100.7, 100.25, 0.15, 0.6672, 0.45, false",
            "6, 101.9, 100.25, 0.15, 0.6672, 1.65, true",
            "7, 100.8, 100.3,  0.2,  0.8896, 0.5,  false",
            "7, 102.0, 100.3,  0.2,  0.8896, 1.7,  true",
            "8, 100.9, 100.35, 0.2,  0.8896, 0.55, false",
            "8, 102.1, 100.35, 0.2,  0.8896, 1.75, true",
            "9, 101.0, 100.4,  0.2,  0.8896, 0.6,  false",
            "9, 102.2, 100.4,  0.2,  0.8896, 1.8,  true"})
    void theOutlierRuleFiresAtSmallN(int n, double last, double median, double mad, double limit, double distance,
                                     boolean outlier) {
        double[] values = new double[n];
        for (int i = 0; i < n - 1; i++) {
            values[i] = 100 + 0.1 * i;
        }
        values[n - 1] = last;
        assertThat(Stability.median(values)).isCloseTo(median, within(1e-9));
        double[] deviations = Arrays.stream(values).map(v -> Math.abs(v - median)).toArray();
        assertThat(Stability.median(deviations)).isCloseTo(mad, within(1e-9));
        assertThat(3 * 1.4826 * mad).isCloseTo(limit, within(1e-4));
        assertThat(last - median).isCloseTo(distance, within(1e-9));
        Summary s = Summary.of(values);
        assertThat(s.cvPct()).isLessThan(1.0);
        double largestZ = Arrays.stream(values).map(v -> Math.abs(v - s.mean()) / s.sd()).max().orElseThrow();
        assertThat(largestZ).isLessThanOrEqualTo((n - 1) / Math.sqrt(n) + 1e-12).isLessThan(3.0);
        assertThat(Stability.hasOutlier(values)).isEqualTo(outlier);
        assertThat(Stability.isUnstable(values)).isEqualTo(outlier);
    }

    @Test
    void twoWildPointsDoNotHideEachOther() {
        // 100, 100.1, 100.2, 100.3, 100.4, 100.5, 100.6, 103, 103: median 100.4, |deviations| 0.4, 0.3, 0.2, 0.1, 0,
        // 0.1, 0.2, 2.6, 2.6, MAD 0.2, limit 0.8896: both 103s are outliers (cv 1.2 %)
        double[] values = {100, 100.1, 100.2, 100.3, 100.4, 100.5, 100.6, 103, 103};
        assertThat(Summary.of(values).cvPct()).isLessThan(3.0);
        assertThat(Stability.isUnstable(values)).isTrue();
    }

    @Test
    void twoValuesHaveNoOutlier() {
        assertThat(Stability.hasOutlier(new double[] {100, 100.5})).isFalse();
    }

    @Test
    void tooFewValuesCannotBeJudged() {
        assertThat(Stability.isUnstable(new double[] {5})).isFalse();
        assertThat(Stability.isUnstable(new double[0])).isFalse();
    }
}
