package dev.fleetbench.common.stats;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Summary statistics of one metric over a set of raw samples (metrics.md "Statistics"). Percentiles use linear
 * interpolation between closest ranks (Hyndman–Fan type 7, the same as DuckDB {@code quantile_cont}); the median's
 * 95 % confidence interval is the distribution-free order-statistic interval of {@link MedianInterval}.
 * Fields are null when undefined (empty input; {@code sd} and {@code cvPct} need two values; the median interval
 * needs six). Immutable.
 *
 * @param n            number of values
 * @param mean         arithmetic mean
 * @param sd           sample standard deviation (n − 1 in the denominator)
 * @param cvPct        coefficient of variation, {@code 100·sd/mean}; null when mean is 0
 * @param min          smallest value
 * @param p50          median
 * @param p90          90th percentile
 * @param p95          95th percentile
 * @param p99          99th percentile
 * @param max          largest value
 * @param medianCiLow  lower end of the 95 % confidence interval of the median
 * @param medianCiHigh upper end of the 95 % confidence interval of the median
 */
public record Summary(
        int n,
        Double mean,
        Double sd,
        Double cvPct,
        Double min,
        Double p50,
        Double p90,
        Double p95,
        Double p99,
        Double max,
        Double medianCiLow,
        Double medianCiHigh) {

    /** Summarises the values (order does not matter; the array is not modified). NaN values are rejected. */
    public static Summary of(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new Summary(0, null, null, null, null, null, null, null, null, null, null, null);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (Double.isNaN(sorted[n - 1])) {
            throw new IllegalArgumentException("NaN in the values to summarise");
        }
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        double mean = sum / n;
        Double sd = null;
        Double cv = null;
        if (n > 1) {
            double ss = 0;
            for (double v : sorted) {
                ss += (v - mean) * (v - mean);
            }
            sd = Math.sqrt(ss / (n - 1));
            cv = mean == 0 ? null : 100.0 * sd / Math.abs(mean);
        }
        Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
        percentile.setData(sorted);
        Double ciLow = null;
        Double ciHigh = null;
        int j = MedianInterval.rank(n);
        if (j > 0) {
            ciLow = sorted[j - 1];
            ciHigh = sorted[n - j];
        }
        return new Summary(n, mean, sd, cv, sorted[0], percentile.evaluate(50), percentile.evaluate(90),
                percentile.evaluate(95), percentile.evaluate(99), sorted[n - 1], ciLow, ciHigh);
    }

}
