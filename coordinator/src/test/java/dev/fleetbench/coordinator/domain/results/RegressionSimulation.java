package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.metrics.Metric;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded simulated fleet measured on two consecutive nights, with the noise labs see: about 1 % between the
 * repetitions of a run (log-normal), and each machine drifting by about 1.5 % from one night to the next (log-normal,
 * the same factor for all its models and metrics: thermal state, background load, power plan). Four hardware classes
 * of 1, 2, 2 and 3 machines, 3 models, 5 prompts, 5 repetitions, decode rate and TTFT. A slowdown makes one model on one
 * class slower on both metrics; a missing machine is absent from the second night.
 */
final class RegressionSimulation {

    static final double WITHIN_RUN = 0.01;
    static final double NIGHT_DRIFT = 0.015;
    static final int[] MACHINES_PER_CLASS = {1, 2, 2, 3};
    static final int MODELS = 3;
    static final int PROMPTS = 5;
    static final int REPETITIONS = 5;
    /** The class and model a slowdown hits. */
    static final String SLOW_CLASS = "class-2";
    static final String SLOW_MODEL = "model-1";

    private final Random rnd;

    RegressionSimulation(long seed) {
        this.rnd = new Random(seed);
    }

    /** Two nights of the fleet. {@code slowdown} 0.10 = the slowed model is 10 % slower on the second night. */
    List<Regressions.Run> nights(double slowdown, boolean dropSlowestMachine) {
        Map<String, Double> base = new LinkedHashMap<>();
        Map<String, Double> level1 = new LinkedHashMap<>();
        Map<String, Double> level2 = new LinkedHashMap<>();
        Map<String, String> classOf = new LinkedHashMap<>();
        for (int c = 0; c < MACHINES_PER_CLASS.length; c++) {
            for (int m = 0; m < MACHINES_PER_CLASS[c]; m++) {
                String w = "w" + c + "-" + m;
                classOf.put(w, "class-" + c);
                // machines of a class differ by up to ±5 % (a slower one among them)
                base.put(w, 1 + 0.05 * (m - 0.5 * (MACHINES_PER_CLASS[c] - 1)));
                level1.put(w, Math.exp(rnd.nextGaussian() * NIGHT_DRIFT));
                level2.put(w, level1.get(w) * Math.exp(rnd.nextGaussian() * NIGHT_DRIFT));
            }
        }
        String dropped = dropSlowestMachine ? "w3-0" : null; // the slowest machine of the 3-machine class
        return List.of(night("night-1", classOf, base, level1, 0, null),
                night("night-2", classOf, base, level2, slowdown, dropped));
    }

    private Regressions.Run night(String id, Map<String, String> classOf, Map<String, Double> base,
                                  Map<String, Double> level, double slowdown, String missing) {
        Map<Metric, List<GroupValues>> byMetric = new LinkedHashMap<>();
        byMetric.put(Metric.DECODE_TPS, new ArrayList<>());
        byMetric.put(Metric.TTFT_MS, new ArrayList<>());
        for (String w : classOf.keySet()) {
            if (w.equals(missing)) {
                continue;
            }
            for (int model = 0; model < MODELS; model++) {
                String modelName = "model-" + model;
                boolean slowed = classOf.get(w).equals(SLOW_CLASS) && modelName.equals(SLOW_MODEL);
                double speed = base.get(w) * level.get(w) * (slowed ? 1 - slowdown : 1);
                for (int p = 0; p < PROMPTS; p++) {
                    double[] decode = new double[REPETITIONS];
                    double[] ttft = new double[REPETITIONS];
                    for (int r = 0; r < REPETITIONS; r++) {
                        decode[r] = 50.0 / (model + 1) * (1 + 0.02 * p) * speed * Math.exp(rnd.nextGaussian() * WITHIN_RUN);
                        ttft[r] = 200.0 * (model + 1) * (1 + 0.1 * p) / speed * Math.exp(rnd.nextGaussian() * WITHIN_RUN);
                    }
                    Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
                    keys.put(Dimension.HARDWARE_CLASS, classOf.get(w));
                    keys.put(Dimension.WORKER, w);
                    keys.put(Dimension.MODEL, modelName);
                    keys.put(Dimension.PROMPT, "p" + p);
                    Map<String, List<String>> fp = Map.of("engine_version", List.of("b4916"));
                    byMetric.get(Metric.DECODE_TPS).add(new GroupValues(keys, java.util.Arrays.stream(decode).sorted().toArray(), fp));
                    byMetric.get(Metric.TTFT_MS).add(new GroupValues(keys, java.util.Arrays.stream(ttft).sorted().toArray(), fp));
                }
            }
        }
        return new Regressions.Run(id, id, byMetric);
    }

    /** Whether the changes flag the slowed model on its class as worse. */
    static boolean flagsTheSlowdown(List<Regressions.Change> changes) {
        return changes.stream().anyMatch(c -> c.worse() && isTheSlowdown(c));
    }

    static boolean isTheSlowdown(Regressions.Change c) {
        return c.hardwareClass().equals(SLOW_CLASS) && c.model().equals(SLOW_MODEL);
    }
}
