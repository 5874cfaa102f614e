package dev.fleetbench.coordinator.domain.results;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The rank test and shift estimate behind {@link Regressions}, for one cell or for several cells at once (strata):
 * the Mann–Whitney U of every stratum (pairs after &gt; before, ties counting ½), summed over the strata, and the
 * Hodges–Lehmann shift: the median of all within-stratum differences ln(after) − ln(before), with its distribution-free
 * confidence interval [D(k), D(M + 1 − k)] from the same null distribution (Lehmann's construction). Differences are
 * taken only inside a stratum (one machine × variant × prompt), never across machines. Logarithms make the shift a
 * ratio: {@code 100·(e^shift − 1)} is the change in %.
 *
 * <p>Under "no change" the strata are independent and each U follows the exact Mann–Whitney distribution of its
 * sizes, so the null distribution of the sum is their convolution: exact for the usual 3 to 9 repetitions a side.
 * Hand-written because Commons Math 3's {@code MannWhitneyUTest} has only the normal approximation, and neither it
 * nor Commons Statistics' exact test sums strata or gives the Hodges–Lehmann interval. Beyond {@link #EXACT_PAIRS}
 * pairs the normal approximation with continuity correction takes over, where it is accurate. Ties (rare among
 * continuous timings) count ½ and use the no-ties distribution. Pure.
 */
final class ShiftTest {

    /** Up to this many within-stratum pairs in all, the null distribution is the exact convolution. */
    static final int EXACT_PAIRS = 5_000;
    private static final Map<Long, double[]> DISTRIBUTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param pairs   within-stratum pairs (Σ m·n)
     * @param u       U summed over the strata (pairs where after &gt; before; ties ½)
     * @param pValue  two-sided p of U under "no change"
     * @param shift   Hodges–Lehmann shift of ln(value)
     * @param low     lower end of the interval of the shift; null when the strata are too small for one
     * @param high    upper end; null with {@code low}
     * @param exact   whether p and interval come from the exact distribution
     */
    record Result(int pairs, double u, double pValue, double shift, Double low, Double high, boolean exact) {

        static double pct(double logShift) {
            return 100.0 * Math.expm1(logShift);
        }
    }

    private ShiftTest() {
    }

    /**
     * Tests the strata: {@code before.get(i)} and {@code after.get(i)} are the positive values of stratum i.
     *
     * @param confidence of the interval, e.g. 0.95
     */
    static Result test(List<double[]> before, List<double[]> after, double confidence) {
        if (before.size() != after.size() || before.isEmpty()) {
            throw new IllegalArgumentException("need the same strata on both sides, at least one");
        }
        int pairs = 0;
        for (int i = 0; i < before.size(); i++) {
            pairs = Math.addExact(pairs, Math.multiplyExact(before.get(i).length, after.get(i).length));
        }
        if (pairs == 0) {
            throw new IllegalArgumentException("every stratum is empty on one side");
        }
        double[] d = new double[pairs];
        double u = 0;
        int k = 0;
        for (int i = 0; i < before.size(); i++) {
            for (double b : before.get(i)) {
                for (double a : after.get(i)) {
                    if (!(a > 0 && b > 0)) {
                        throw new IllegalArgumentException("values must be positive: " + b + ", " + a);
                    }
                    double diff = Math.log(a) - Math.log(b);
                    d[k++] = diff;
                    u += diff > 0 ? 1 : diff == 0 ? 0.5 : 0;
                }
            }
        }
        Arrays.sort(d);
        double shift = pairs % 2 == 1 ? d[pairs / 2] : (d[pairs / 2 - 1] + d[pairs / 2]) / 2.0;
        double tail = (1 - confidence) / 2;
        if (pairs <= EXACT_PAIRS) {
            double[] cdf = cdf(null0(before, after, pairs));
            double lower = Math.floor(u) >= 0 ? cdf[(int) Math.floor(u)] : 0;
            double upper = Math.ceil(u) - 1 >= 0 ? 1 - cdf[(int) Math.ceil(u) - 1] : 1;
            double p = Math.min(1, 2 * Math.min(lower, upper));
            int r = 0;
            while (r < pairs && cdf[r] <= tail + 1e-12) {
                r++; // r = largest k with P(S ≤ k − 1) ≤ tail
            }
            return interval(pairs, u, p, shift, d, r, true);
        }
        double mean = pairs / 2.0;
        double var = 0;
        for (int i = 0; i < before.size(); i++) {
            int m = before.get(i).length;
            int n = after.get(i).length;
            var += m * (double) n * (m + n + 1) / 12.0;
        }
        double sd = Math.sqrt(var);
        NormalDistribution z = new NormalDistribution(null, 0, 1);
        double p = Math.min(1, 2 * z.cumulativeProbability(-Math.max(0, Math.abs(u - mean) - 0.5) / sd));
        int r = (int) Math.floor(mean + 0.5 + z.inverseCumulativeProbability(tail) * sd);
        return interval(pairs, u, p, shift, d, Math.max(0, r), false);
    }

    private static Result interval(int pairs, double u, double p, double shift, double[] d, int r, boolean exact) {
        if (r < 1) {
            return new Result(pairs, u, p, shift, null, null, exact);
        }
        return new Result(pairs, u, p, shift, d[r - 1], d[pairs - r], exact);
    }

    /** The null distribution of the summed U: the convolution of each stratum's exact distribution. */
    private static double[] null0(List<double[]> before, List<double[]> after, int pairs) {
        double[] total = {1.0};
        for (int i = 0; i < before.size(); i++) {
            double[] one = distribution(before.get(i).length, after.get(i).length);
            if (one.length == 1) {
                continue;
            }
            double[] next = new double[total.length + one.length - 1];
            for (int a = 0; a < total.length; a++) {
                if (total[a] == 0) {
                    continue;
                }
                for (int b = 0; b < one.length; b++) {
                    next[a + b] += total[a] * one[b];
                }
            }
            total = next;
        }
        return total;
    }

    /**
     * P(U = u) for samples of m and n without ties, u = 0 … m·n, by the recurrence
     * p(m, n, u) = m/(m+n)·p(m−1, n, u−n) + n/(m+n)·p(m, n−1, u): the largest of the m + n values comes from the first
     * sample (then it beats all n of the other) or from the second.
     */
    static double[] distribution(int m, int n) {
        long key = ((long) m << 32) | n;
        double[] cached = DISTRIBUTIONS.get(key);
        if (cached != null) {
            return cached;
        }
        double[] out;
        if (m == 0 || n == 0) {
            out = new double[] {1.0};
        } else {
            double[] a = distribution(m - 1, n);
            double[] b = distribution(m, n - 1);
            out = new double[m * n + 1];
            double wa = m / (double) (m + n);
            double wb = n / (double) (m + n);
            for (int u = 0; u <= m * n; u++) {
                double pa = u - n >= 0 && u - n < a.length ? a[u - n] : 0;
                double pb = u < b.length ? b[u] : 0;
                out[u] = wa * pa + wb * pb;
            }
        }
        DISTRIBUTIONS.put(key, out);
        return out;
    }

    private static double[] cdf(double[] p) {
        double[] c = new double[p.length];
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += p[i];
            c[i] = s;
        }
        return c;
    }
}
