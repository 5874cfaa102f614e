package dev.fleetbench.common.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Percentiles of values pooled from several cells (machine × model variant × prompt) where <em>every cell weighs the
 * same</em>, however many repetitions it got: a cell that was unstable and got three rounds sharpens its own figures
 * but does not count three times in its class (metrics.md "Statistics"). Pure and thread-safe.
 *
 * <p>Definition. Each value of a cell of n values weighs 1/n. Sort all values ascending (ties by weight, so every
 * implementation sorts alike), let C(i) be the cumulative weight up to and including value i, W the total (the number
 * of cells), w(1) and w(N) the weights of the smallest and the largest. Value i sits at position
 * {@code p(i) = (C(i) − w(i)/2 − w(1)/2) / (W − w(1)/2 − w(N)/2)}, the middle of its weight, scaled so that the
 * smallest sits at 0 and the largest at 1; the q-quantile interpolates linearly between the two values whose
 * positions enclose q. With equal weights p(i) = (i − 1)/(N − 1): exactly the usual linear interpolation between
 * closest ranks (Hyndman–Fan 7, {@code quantile_cont}), which this class then returns unchanged.
 *
 * <p>The median's 95 % interval uses the effective number of values of the weights (Kish):
 * {@code n_eff = W² / Σw² = cells² / Σ(1/n_cell)}, the order-statistic ranks j of {@link MedianInterval} for
 * ⌊n_eff⌋ values, and the weighted quantiles at (j − 1)/(⌊n_eff⌋ − 1) and (⌊n_eff⌋ − j)/(⌊n_eff⌋ − 1): with equal
 * weights, exactly the values of rank j and n − j + 1. The store's SQL computes the same figures
 * ({@code Aggregates}).
 */
public final class CellWeights {

    private CellWeights() {
    }

    /** True when every non-empty cell has the same number of values (weights change nothing then). */
    public static boolean equalSizes(List<double[]> cells) {
        int size = -1;
        for (double[] c : cells) {
            if (c.length == 0) {
                continue;
            }
            if (size >= 0 && c.length != size) {
                return false;
            }
            size = c.length;
        }
        return true;
    }

    /**
     * The summary of the pooled values with equal cell weights: n, mean, sd, min and max over all values (the mean
     * and sd pool raw values); percentiles and the median's interval weighted. Empty cells are ignored. Equal sizes
     * give exactly {@link Summary#of}.
     */
    public static Summary summarize(List<double[]> cells) {
        List<double[]> used = new ArrayList<>();
        int total = 0;
        for (double[] c : cells) {
            if (c.length > 0) {
                used.add(c);
                total += c.length;
            }
        }
        double[] all = new double[total];
        int k = 0;
        for (double[] c : used) {
            System.arraycopy(c, 0, all, k, c.length);
            k += c.length;
        }
        Summary raw = Summary.of(all);
        if (equalSizes(used)) {
            return raw;
        }
        Weighted w = Weighted.of(used);
        Double ciLow = null;
        Double ciHigh = null;
        double[] f = intervalFractions(used.stream().mapToInt(c -> c.length).toArray());
        if (f != null) {
            ciLow = w.quantile(f[0]);
            ciHigh = w.quantile(f[1]);
        }
        return new Summary(raw.n(), raw.mean(), raw.sd(), raw.cvPct(), raw.min(), w.quantile(0.5), w.quantile(0.9),
                w.quantile(0.95), w.quantile(0.99), raw.max(), ciLow, ciHigh);
    }

    /** Kish's effective number of values for cells of these sizes: cells² / Σ(1/n). */
    public static double effectiveN(int[] cellSizes) {
        double inv = 0;
        int cells = 0;
        for (int n : cellSizes) {
            if (n > 0) {
                inv += 1.0 / n;
                cells++;
            }
        }
        return cells == 0 ? 0 : cells * (double) cells / inv;
    }

    /** The two quantile fractions of the median's interval for cells of these sizes; null when there is none. */
    public static double[] intervalFractions(int[] cellSizes) {
        int n = (int) Math.floor(effectiveN(cellSizes) + 1e-9);
        int j = MedianInterval.rank(n);
        if (j == 0 || n < 2) {
            return null;
        }
        return new double[] {(j - 1) / (double) (n - 1), (n - j) / (double) (n - 1)};
    }

    /** Values with weights, sorted, with their positions. */
    static final class Weighted {
        final double[] x;
        final double[] pos;

        private Weighted(double[] x, double[] pos) {
            this.x = x;
            this.pos = pos;
        }

        static Weighted of(List<double[]> cells) {
            int total = cells.stream().mapToInt(c -> c.length).sum();
            double[][] xw = new double[total][];
            int k = 0;
            for (double[] c : cells) {
                for (double v : c) {
                    xw[k++] = new double[] {v, 1.0 / c.length};
                }
            }
            Arrays.sort(xw, (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
            double[] x = new double[total];
            double[] pos = new double[total];
            double sum = 0;
            for (double[] v : xw) {
                sum += v[1];
            }
            double first = xw[0][1];
            double last = xw[total - 1][1];
            double span = sum - first / 2 - last / 2;
            double cum = 0;
            for (int i = 0; i < total; i++) {
                cum += xw[i][1];
                x[i] = xw[i][0];
                pos[i] = total == 1 ? 0 : (cum - xw[i][1] / 2 - first / 2) / span;
            }
            return new Weighted(x, pos);
        }

        /** The q-quantile, 0 ≤ q ≤ 1. */
        double quantile(double q) {
            int n = x.length;
            if (n == 1 || q <= 0) {
                return x[0];
            }
            for (int i = 0; i < n - 1; i++) {
                if (pos[i] <= q && q < pos[i + 1]) {
                    return x[i] + (q - pos[i]) * (x[i + 1] - x[i]) / (pos[i + 1] - pos[i]);
                }
            }
            return x[n - 1];
        }
    }
}
