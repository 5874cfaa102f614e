package dev.fleetbench.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void oneToTenByHand() {
        Summary s = Summary.of(new double[] {7, 3, 10, 1, 5, 9, 2, 8, 4, 6});
        assertThat(s.n()).isEqualTo(10);
        assertThat(s.mean()).isEqualTo(5.5);
        // sum of squared deviations = 82.5; / 9 = 9.1667; sqrt = 3.02765
        assertThat(s.sd()).isCloseTo(3.0276503, within(1e-6));
        assertThat(s.cvPct()).isCloseTo(55.04818826, within(1e-6));
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(10.0);
        // type 7: h = (n - 1) p; x[floor h] + frac(h) * (x[ceil h] - x[floor h]), zero-based
        assertThat(s.p50()).isCloseTo(5.5, within(1e-12));   // h = 4.5
        assertThat(s.p90()).isCloseTo(9.1, within(1e-12));   // h = 8.1
        assertThat(s.p95()).isCloseTo(9.55, within(1e-12));  // h = 8.55
        assertThat(s.p99()).isCloseTo(9.91, within(1e-12));  // h = 8.91
        // Bin(10, 0.5): P(B <= 1) = 11/1024 = 0.0107 <= 0.025 < P(B <= 2) = 56/1024, so j = 2: [x(2), x(9)]
        assertThat(s.medianCiLow()).isEqualTo(2.0);
        assertThat(s.medianCiHigh()).isEqualTo(9.0);
    }

    @Test
    void medianIntervalNeedsSixValues() {
        // Bin(5, 0.5): P(B <= 0) = 1/32 = 0.031 > 0.025, no interval; Bin(6, 0.5): 1/64 = 0.0156, [x(1), x(6)]
        assertThat(MedianInterval.rank(5)).isZero();
        assertThat(MedianInterval.rank(6)).isEqualTo(1);
        Summary five = Summary.of(new double[] {1, 2, 3, 4, 5});
        assertThat(five.medianCiLow()).isNull();
        Summary six = Summary.of(new double[] {1, 2, 3, 4, 5, 6});
        assertThat(six.medianCiLow()).isEqualTo(1.0);
        assertThat(six.medianCiHigh()).isEqualTo(6.0);
        // n = 100: the textbook ranks are 40 and 61
        assertThat(MedianInterval.rank(100)).isEqualTo(40);
    }

    @Test
    void emptyAndSingleValues() {
        Summary empty = Summary.of(new double[0]);
        assertThat(empty.n()).isZero();
        assertThat(empty.mean()).isNull();
        assertThat(empty.p50()).isNull();
        Summary one = Summary.of(new double[] {42});
        assertThat(one.mean()).isEqualTo(42.0);
        assertThat(one.p99()).isEqualTo(42.0);
        assertThat(one.sd()).isNull();
        assertThat(one.cvPct()).isNull();
    }

    @Test
    void doesNotModifyTheInput() {
        double[] values = {3, 1, 2};
        Summary.of(values);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void theNormalApproximationTakesOverSmoothlyAboveTheExactRange() {
        // exact at 1000: the textbook rank is 469; the approximation at 1001 is floor(500.5 - 31.0) = 469
        assertThat(MedianInterval.rank(1000)).isEqualTo(469);
        assertThat(MedianInterval.rank(1001)).isEqualTo(469);
        assertThat(MedianInterval.rank(10_000)).isEqualTo(4902);
    }
}
