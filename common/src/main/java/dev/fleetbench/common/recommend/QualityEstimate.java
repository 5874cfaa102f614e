package dev.fleetbench.common.recommend;

import java.util.Collection;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The measured quality of a model in one use case: the mean of its answers' automatic scores (each in [0, 1]) with a
 * 95 % Student-t interval for the mean, clipped to [0, 1]. Pure and immutable.
 *
 * @param mean   mean score in [0, 1]
 * @param n      scored answers behind it (at least 1)
 * @param passes answers whose verdict was pass (score 1)
 * @param low    lower end of the 95 % interval; 0 when n is 1
 * @param high   upper end of the 95 % interval; 1 when n is 1
 */
public record QualityEstimate(double mean, int n, int passes, double low, double high) {

    /** How the interval is computed, as the API and docs name it. */
    public static final String INTERVAL_METHOD = "t interval of the mean score, 95 %, clipped to [0, 1]";

    /** The estimate from raw scores; null when there are none. */
    public static QualityEstimate of(Collection<Double> scores) {
        int n = scores.size();
        if (n == 0) {
            return null;
        }
        double sum = 0;
        int passes = 0;
        for (double s : scores) {
            sum += s;
            if (s == 1.0) {
                passes++;
            }
        }
        double mean = sum / n;
        if (n == 1) {
            return new QualityEstimate(mean, 1, passes, 0, 1);
        }
        double ss = 0;
        for (double s : scores) {
            ss += (s - mean) * (s - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new QualityEstimate(mean, n, passes, Math.max(0, mean - half), Math.min(1, mean + half));
    }

    /** The estimate from a count, sum and sum of squares (as a store aggregates them); null when n is 0. */
    public static QualityEstimate ofSums(int n, int passes, double sum, double sumSquares) {
        if (n == 0) {
            return null;
        }
        double mean = sum / n;
        if (n == 1) {
            return new QualityEstimate(mean, 1, passes, 0, 1);
        }
        double sd = Math.sqrt(Math.max(0, (sumSquares - n * mean * mean) / (n - 1)));
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new QualityEstimate(mean, n, passes, Math.max(0, mean - half), Math.min(1, mean + half));
    }
}
