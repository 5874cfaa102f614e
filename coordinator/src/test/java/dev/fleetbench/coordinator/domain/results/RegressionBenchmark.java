package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.metrics.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * Prints how often {@link Regressions} cries wolf and how often it finds a real slowdown on the simulated fleet of
 * {@link RegressionSimulation}, against the rule it replaced, run on the same simulated nights: one Mann–Whitney test
 * at α = 0.01 per class × model × metric over samples pooled across machines and prompts, no family correction, no
 * threshold. Bounded: the trial count (default 2,000 per scenario) is the only argument.
 *
 * <pre>./mvnw -q -pl coordinator -am process-test-classes -Pregression-benchmark [-Dexec.args="2000"]</pre>
 */
public final class RegressionBenchmark {

    private RegressionBenchmark() {
    }

    public static void main(String[] args) {
        int trials = args.length > 0 ? Math.min(100_000, Math.max(1, Integer.parseInt(args[0]))) : 2_000;
        long start = System.nanoTime();
        System.out.printf("FleetBench regression rates: %d trials per scenario; fleet of %s machines per class, %d models,"
                        + " %d prompts, %d repetitions; noise %.1f %% within a run, %.1f %% machine drift between nights%n",
                trials, Arrays.toString(RegressionSimulation.MACHINES_PER_CLASS), RegressionSimulation.MODELS,
                RegressionSimulation.PROMPTS, RegressionSimulation.REPETITIONS, 100 * RegressionSimulation.WITHIN_RUN,
                100 * RegressionSimulation.NIGHT_DRIFT);
        System.out.printf("%-58s %12s %12s%n", "scenario", "cell rule", "pooled rule");
        row("unchanged: run pairs flagging anything", trials, 1, 0, false, false);
        row("unchanged, slowest machine of a class missing: flagging", trials, 2, 0, true, false);
        row("10 % slower model on one class: flagged", trials, 3, 0.10, false, true);
        row("5 % slower model on one class: flagged", trials, 4, 0.05, false, true);
        System.out.printf("(%.1f s)%n", (System.nanoTime() - start) / 1e9);
    }

    private static void row(String label, int trials, long seed, double slowdown, boolean drop, boolean wantSlowdown) {
        RegressionSimulation sim = new RegressionSimulation(seed);
        int ours = 0;
        int pooled = 0;
        for (int t = 0; t < trials; t++) {
            List<Regressions.Run> nights = sim.nights(slowdown, drop);
            List<Regressions.Change> changes = Regressions.detect("s", nights);
            List<String[]> old = pooledRule(nights.get(0), nights.get(1));
            if (wantSlowdown) {
                ours += RegressionSimulation.flagsTheSlowdown(changes) ? 1 : 0;
                pooled += old.stream().anyMatch(o -> o[0].equals(RegressionSimulation.SLOW_CLASS)
                        && o[1].equals(RegressionSimulation.SLOW_MODEL) && o[2].equals("worse")) ? 1 : 0;
            } else {
                ours += changes.isEmpty() ? 0 : 1;
                pooled += old.isEmpty() ? 0 : 1;
            }
        }
        System.out.printf("%-58s %11.1f%% %11.1f%%%n", label, 100.0 * ours / trials, 100.0 * pooled / trials);
    }

    /** The replaced rule: class × model pooled over machines and prompts, MWU at 0.01 each, no correction. */
    private static List<String[]> pooledRule(Regressions.Run before, Regressions.Run after) {
        List<String[]> out = new ArrayList<>();
        for (Metric metric : after.valuesByMetric().keySet()) {
            Map<String, double[]> b = pool(before.valuesByMetric().get(metric));
            Map<String, double[]> a = pool(after.valuesByMetric().get(metric));
            for (Map.Entry<String, double[]> e : a.entrySet()) {
                double[] then = b.get(e.getKey());
                if (then == null || new MannWhitneyUTest().mannWhitneyUTest(then, e.getValue()) >= 0.01) {
                    continue;
                }
                double change = median(e.getValue()) - median(then);
                boolean worse = Regressions.higherIsBetter(metric) ? change < 0 : change > 0;
                String[] k = e.getKey().split("\\|");
                out.add(new String[] {k[0], k[1], worse ? "worse" : "better"});
            }
        }
        return out;
    }

    private static Map<String, double[]> pool(List<GroupValues> cells) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (GroupValues g : cells) {
            String k = g.keys().get(Dimension.HARDWARE_CLASS) + "|" + g.keys().get(Dimension.MODEL);
            double[] have = out.getOrDefault(k, new double[0]);
            double[] joined = Arrays.copyOf(have, have.length + g.values().length);
            System.arraycopy(g.values(), 0, joined, have.length, g.values().length);
            out.put(k, joined);
        }
        return out;
    }

    private static double median(double[] v) {
        return new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(v);
    }
}
