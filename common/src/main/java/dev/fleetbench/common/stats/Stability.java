package dev.fleetbench.common.stats;

/**
 * The Phoronix Test Suite stability rule (metrics.md): a cell whose coefficient of variation is at least 3 % or that
 * has a point more than 3 standard deviations from the mean is unstable and deserves extra repetitions. Pure.
 */
public final class Stability {

    /** Coefficient of variation, in percent, from which a cell is unstable. */
    public static final double MAX_CV_PCT = 3.0;
    /** Distance from the mean, in standard deviations, beyond which a point is an outlier. */
    public static final double OUTLIER_SD = 3.0;

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
        for (double v : values) {
            if (Math.abs(v - s.mean()) > OUTLIER_SD * s.sd()) {
                return true;
            }
        }
        return false;
    }
}
