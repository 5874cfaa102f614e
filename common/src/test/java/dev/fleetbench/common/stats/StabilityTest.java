package dev.fleetbench.common.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

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

    @Test
    void tooFewValuesCannotBeJudged() {
        assertThat(Stability.isUnstable(new double[] {5})).isFalse();
        assertThat(Stability.isUnstable(new double[0])).isFalse();
    }
}
