package dev.fleetbench.common.stats;

import java.util.Arrays;

/**
 * The Phoronix Test Suite stability rule (metrics.md): a cell whose coefficient of variation is at least 3 % or that
 * has an outlier is unstable and deserves extra repetitions. Pure and thread-safe.
 *
 * <p>The outlier half is <em>median ± 3 × 1.4826 × MAD</em>: a point farther from the cell's median than three
 * robust standard deviations (the median absolute deviation scaled by 1.4826, which estimates the sd of normal
 * noise). The older form, "a point more than 3 sd from the mean" with the sd of the same sample, could never fire
 * with 9 or fewer values: the largest possible z of a sample of n is (n − 1)/√n (2.67 at n = 9), and default cells
 * hold 3 to 9 values. Why MAD rather than a leave-one-out z (a point against the mean and sd of the others):
 * <ul>
 *   <li>it fires on one wild point at any n ≥ 3, and two wild points do not hide each other (the median and MAD
 *       ignore up to half the sample; a leave-one-out sd still contains the second outlier);</li>
 *   <li>on pure normal noise it cries wolf less at the smallest cells: in a seeded simulation made when the rule
 *       was chosen (40,000 cells of normal noise per n) the share of cells with a flagged point was 33 % (n = 3),
 *       23 % (4), 26 % (5), 22 % (6), 24 % (7), 21 % (8) and 22 % (9) for MAD, against 74 %, 49 %, 38 %, 31 %, 28 %, 25 % and 23 % for a leave-one-out z &gt; 3. A
 *       false alarm costs one extra round of repetitions, never a hidden figure, so the rule may be eager; but
 *       three quarters of all three-value cells would be too eager;</li>
 *   <li>the store runs the same rule in SQL with two medians per cell ({@code quantile_cont} /
 *       {@code percentile_cont}), which both databases compute exactly as this class does.</li>
 * </ul>
 * When more than half the values are equal the MAD is 0 and any differing point counts as an outlier; identical
 * values are stable.
 */
public final class Stability {

    /** Coefficient of variation, in percent, from which a cell is unstable. */
    public static final double MAX_CV_PCT = 3.0;
    /** Distance from the median, in robust standard deviations (1.4826 × MAD), beyond which a point is an outlier. */
    public static final double OUTLIER_SD = 3.0;
    /** Scales the MAD to the standard deviation of normal noise (1 / Φ⁻¹(3/4)). */
    public static final double MAD_TO_SD = 1.4826;
    /** Fewest values with which the outlier half can be judged (with two, each point is as far as the other). */
    public static final int MIN_FOR_OUTLIERS = 3;

    private Stability() {
    }

    /** True when the values break the rule. Fewer than two values cannot be judged and count as stable. */
    public static boolean isUnstable(double[] values) {
        Summary s = Summary.of(values);
        if (s.n() < 2 || s.sd() == null) {
            return false;
        }
        if (s.cvPct() != null && s.cvPct() >= MAX_CV_PCT) {
            return true;
        }
        return hasOutlier(values);
    }

    /**
     * True when a value lies more than {@link #OUTLIER_SD} × {@link #MAD_TO_SD} × MAD from the median (medians with
     * linear interpolation, i.e. the mean of the two middle values for even n). False below
     * {@link #MIN_FOR_OUTLIERS} values.
     */
    public static boolean hasOutlier(double[] values) {
        if (values.length < MIN_FOR_OUTLIERS) {
            return false;
        }
        double median = median(values);
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        double limit = OUTLIER_SD * MAD_TO_SD * median(deviations);
        for (double d : deviations) {
            if (d > limit) {
                return true;
            }
        }
        return false;
    }

    /** The median with linear interpolation (type 7, as {@code quantile_cont(x, 0.5)}). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
