package dev.fleetbench.common.stats;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * The distribution-free 95 % confidence interval of a median: for n sorted values, [x(j), x(n−j+1)] with the largest
 * j whose binomial tail P(B ≤ j−1) for B ~ Bin(n, ½) is at most 2.5 %. Exact up to {@link #EXACT_LIMIT} values; above
 * it the normal approximation j = ⌊n/2 − 1.96·√n/2⌋, which differs from the exact rank by at most one there. Both
 * {@link Summary} and the store's aggregates pick their order statistics with this rule, so both give one answer.
 * Pure and thread-safe.
 */
public final class MedianInterval {

    /** Largest n with an exact binomial rank; beyond, the normal approximation. */
    public static final int EXACT_LIMIT = 1000;
    private static final double Z = 1.959963984540054;
    private static final int[] EXACT = new int[EXACT_LIMIT + 1];

    static {
        for (int n = 1; n <= EXACT_LIMIT; n++) {
            EXACT[n] = exact(n);
        }
    }

    private MedianInterval() {
    }

    /** The 1-based rank j of the lower bound; 0 when no 95 % interval exists (n &lt; 6). */
    public static int rank(int n) {
        if (n < 1) {
            return 0;
        }
        if (n <= EXACT_LIMIT) {
            return EXACT[n];
        }
        return (int) Math.floor(n / 2.0 - Z * Math.sqrt(n) / 2.0);
    }

    private static int exact(int n) {
        BinomialDistribution b = new BinomialDistribution(null, n, 0.5);
        int best = 0;
        for (int j = 1; j <= (n + 1) / 2; j++) {
            if (b.cumulativeProbability(j - 1) <= 0.025) {
                best = j;
            } else {
                break;
            }
        }
        return best;
    }
}
