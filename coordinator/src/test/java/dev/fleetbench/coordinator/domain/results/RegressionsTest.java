package dev.fleetbench.coordinator.domain.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetbench.common.metrics.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegressionsTest {

    private static final double[] FIVE = {100, 101, 102, 103, 104};

    private static GroupValues cell(String cls, String worker, String prompt, double[] v, String engine) {
        Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
        keys.put(Dimension.HARDWARE_CLASS, cls);
        keys.put(Dimension.WORKER, worker);
        keys.put(Dimension.MODEL, "phi");
        keys.put(Dimension.PROMPT, prompt);
        return new GroupValues(keys, v, Map.of("engine_version", List.of(engine)));
    }

    private static double[] times(double[] v, double f) {
        return Arrays.stream(v).map(x -> x * f).toArray();
    }

    private static Regressions.Run run(String id, double threshold, GroupValues... cells) {
        return new Regressions.Run(id, id, Map.of(Metric.DECODE_TPS, List.of(cells)), threshold);
    }

    @Test
    void aTenPercentSlowerCellIsFlaggedWithItsExactIntervalAndWhatChanged() {
        // after = 0.9 x before: the 25 differences ln(after_j) - ln(before_i) are ln 0.9 + ln(b_j / b_i), symmetric
        // about ln 0.9, so the Hodges-Lehmann shift is exactly -10 %. Exact U distribution for 5 and 5 (252
        // arrangements): P(U <= 2) = 4/252 <= 0.025 < P(U <= 3) = 7/252, so the 95 % interval is [D(3), D(23)]:
        // the third smallest ratio b_j / b_i is 101/104, giving [0.9 x 101/104 - 1, 0.9 x 104/101 - 1]
        // = [-12.596 %, -7.327 %]. Every after value is below every before value: U = 0, p = 2/252 = 0.00794.
        List<Regressions.Change> changes = Regressions.detect("s-1", List.of(
                run("c-1", 3, cell("desktop", "w1", "a", FIVE, "b4916")),
                run("c-2", 3, cell("desktop", "w1", "a", times(FIVE, 0.9), "b5000"))));
        assertThat(changes).hasSize(1);
        Regressions.Change c = changes.get(0);
        assertThat(c.previousCampaign()).isEqualTo("c-1");
        assertThat(c.campaign()).isEqualTo("c-2");
        assertThat(c.changePct()).isCloseTo(-10.0, within(1e-9));
        assertThat(c.ciLowPct()).isCloseTo(100 * (0.9 * 101 / 104 - 1), within(1e-9)).isCloseTo(-12.596, within(1e-3));
        assertThat(c.ciHighPct()).isCloseTo(100 * (0.9 * 104 / 101 - 1), within(1e-9)).isCloseTo(-7.327, within(1e-3));
        assertThat(c.pValue()).isCloseTo(2.0 / 252, within(1e-12));
        assertThat(c.adjustedP()).isCloseTo(2.0 / 252, within(1e-12));
        assertThat(c.familySize()).isEqualTo(1);
        assertThat(c.worse()).isTrue();
        assertThat(c.exact()).isTrue();
        assertThat(c.previousMedian()).isEqualTo(102.0);
        assertThat(c.median()).isCloseTo(91.8, within(1e-9));
        assertThat(List.of(c.previousN(), c.n())).containsExactly(5, 5);
        assertThat(c.cells()).singleElement().satisfies(cell -> {
            assertThat(cell.workerId()).isEqualTo("w1");
            assertThat(cell.prompt()).isEqualTo("a");
            assertThat(cell.changePct()).isCloseTo(-10.0, within(1e-9));
        });
        assertThat(c.fingerprintChanges()).isEqualTo(Map.of("engine_version",
                Map.of("before", List.of("b4916"), "after", List.of("b5000"))));
    }

    @Test
    void theApiShapeNamesTheIntervalTheFamilyAndTheCells() throws Exception {
        List<Regressions.Change> changes = Regressions.detect("s-1", List.of(
                run("c-1", 3, cell("desktop", "w1", "a", FIVE, "b4916")),
                run("c-2", 3, cell("desktop", "w1", "a", times(FIVE, 0.9), "b5000"))));
        com.fasterxml.jackson.databind.JsonNode json = dev.fleetbench.common.json.Json.mapper()
                .readTree(dev.fleetbench.common.json.Json.write(changes)).get(0);
        for (String field : List.of("change_pct", "ci_low_pct", "ci_high_pct", "p_value", "adjusted_p", "family_size",
                "threshold_pct", "previous_n", "n", "machines", "drift_pct", "exact", "fingerprint_changes")) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("cells").get(0).get("worker_id").asText()).isEqualTo("w1");
        assertThat(json.get("cells").get(0).get("prompt").asText()).isEqualTo("a");
    }

    @Test
    void threeRepetitionsAloneProveNothingButTwoCellsTogetherDo() {
        // One cell of 3 and 3: P(U = 0) = 1/20 = 0.05 > 0.025, so no 95 % interval exists and nothing is reported,
        // however large the change.
        double[] b1 = {100, 102, 104};
        double[] b2 = {50, 51, 52};
        assertThat(Regressions.detect("s", List.of(run("c-1", 3, cell("d", "w1", "a", b1, "x")),
                run("c-2", 3, cell("d", "w1", "a", times(b1, 0.8), "x"))))).isEmpty();
        // Two such cells (two prompts), both 0.8 x: the sum of two U(3, 3) has P(S <= 2) = (1 + 2 + 5)/400 = 0.02
        // <= 0.025 < P(S <= 3) = 18/400, so the interval is [D(3), D(16)] of the 18 within-cell differences
        // ln 0.8 + ln(b_j / b_i). Those ratios, sorted: 1/1.04 twice, 1/1.02 twice, 1/1.0196 twice, 1 six times, ...
        // so D(3) = ln 0.8 - ln 1.02 and D(16) = ln 0.8 + ln 1.02: [-21.569 %, -18.4 %]; U = 0, p = 2/400.
        List<Regressions.Change> two = Regressions.detect("s", List.of(
                run("c-1", 3, cell("d", "w1", "a", b1, "x"), cell("d", "w1", "b", b2, "x")),
                run("c-2", 3, cell("d", "w1", "a", times(b1, 0.8), "x"), cell("d", "w1", "b", times(b2, 0.8), "x"))));
        assertThat(two).singleElement().satisfies(c -> {
            assertThat(c.changePct()).isCloseTo(-20.0, within(1e-9));
            assertThat(c.ciLowPct()).isCloseTo(100 * (0.8 / 1.02 - 1), within(1e-9)).isCloseTo(-21.569, within(1e-3));
            assertThat(c.ciHighPct()).isCloseTo(100 * (0.8 * 1.02 - 1), within(1e-9)).isCloseTo(-18.4, within(1e-9));
            assertThat(c.pValue()).isCloseTo(2.0 / 400, within(1e-12));
            assertThat(c.cells()).hasSize(2).allSatisfy(cell -> assertThat(cell.ciLowPct()).isNull());
        });
    }

    @Test
    void aMachineMissingFromOneRunNeverShiftsItsClass() {
        // Two machines of one class, the second 10 % slower; nothing changes, but it misses the second run. Pooling
        // the class would read a 5 % gain; pairing cells compares only w-fast with itself.
        double[] fast = {100, 100.5, 101, 101.5, 102, 102.5, 103};
        List<Regressions.Change> changes = Regressions.detect("s", List.of(
                run("c-1", 3, cell("d", "w-fast", "a", fast, "x"), cell("d", "w-slow", "a", times(fast, 0.9), "x")),
                run("c-2", 3, cell("d", "w-fast", "a", fast, "x"))));
        assertThat(changes).isEmpty();
    }

    @Test
    void aSignificantChangeSmallerThanTheThresholdIsNotReported() {
        double[] before = new double[9];
        for (int i = 0; i < before.length; i++) {
            before[i] = 100 + 0.1 * i;
        }
        List<Regressions.Run> runs = List.of(run("c-1", 3, cell("d", "w", "a", before, "x")),
                run("c-2", 3, cell("d", "w", "a", times(before, 0.98), "x")));
        assertThat(Regressions.detect("s", runs)).isEmpty();
        List<Regressions.Run> strict = List.of(run("c-1", 1, cell("d", "w", "a", before, "x")),
                run("c-2", 1, cell("d", "w", "a", times(before, 0.98), "x")));
        assertThat(Regressions.detect("s", strict)).singleElement().satisfies(c -> {
            assertThat(c.changePct()).isCloseTo(-2.0, within(1e-9));
            assertThat(c.ciLowPct()).isBetween(-3.0, -2.0);
            assertThat(c.ciHighPct()).isBetween(-2.0, -1.0);
            assertThat(c.thresholdPct()).isEqualTo(1.0);
        });
    }

    @Test
    void holmAdjustsStepDown() {
        // sorted 0.01, 0.03, 0.04: 3 x 0.01 = 0.03, 2 x 0.03 = 0.06, 1 x 0.04 = 0.04 -> running max 0.06
        assertThat(Regressions.holm(new double[] {0.01, 0.04, 0.03})).containsExactly(new double[] {0.03, 0.06, 0.06},
                within(1e-12));
    }

    @Test
    void exactDistributionsMatchTheTables() {
        // U for 3 and 3: 20 arrangements with counts 1 1 2 3 3 3 3 2 1 1
        assertThat(Arrays.stream(ShiftTest.distribution(3, 3)).map(p -> p * 20).toArray())
                .containsExactly(new double[] {1, 1, 2, 3, 3, 3, 3, 2, 1, 1}, within(1e-9));
        // 5 and 5: 252 arrangements, the lower tail 1 1 2 3 5
        assertThat(Arrays.stream(ShiftTest.distribution(5, 5)).limit(5).map(p -> p * 252).toArray())
                .containsExactly(new double[] {1, 1, 2, 3, 5}, within(1e-9));
    }

    @Test
    void manyPairsUseTheNormalApproximationAndAgreeWithTheExactInterval() {
        // 70 values a side in one cell: 4,900 pairs (exact) against 71 a side: 5,041 pairs (normal). With after =
        // 0.9 x before both intervals are about ln 0.9 ± the same width; they must agree to a few hundredths of a %.
        double[] b70 = new java.util.Random(4).doubles(70, 95, 105).toArray();
        double[] b71 = Arrays.copyOf(b70, 71);
        b71[70] = 100;
        ShiftTest.Result exact = ShiftTest.test(List.of(b70), List.of(times(b70, 0.9)), 0.95);
        ShiftTest.Result normal = ShiftTest.test(List.of(b71), List.of(times(b71, 0.9)), 0.95);
        assertThat(exact.exact()).isTrue();
        assertThat(normal.exact()).isFalse();
        assertThat(ShiftTest.Result.pct(exact.shift())).isCloseTo(-10.0, within(1e-9));
        assertThat(ShiftTest.Result.pct(normal.shift())).isCloseTo(-10.0, within(1e-9));
        assertThat(normal.pValue()).isLessThan(1e-6);
        assertThat(ShiftTest.Result.pct(normal.low())).isCloseTo(ShiftTest.Result.pct(exact.low()), within(0.05));
        assertThat(ShiftTest.Result.pct(normal.high())).isCloseTo(ShiftTest.Result.pct(exact.high()), within(0.05));
    }

    @Test
    void ttftGrowingIsWorseDecodeGrowingIsBetter() {
        assertThat(Regressions.higherIsBetter(Metric.DECODE_TPS)).isTrue();
        assertThat(Regressions.higherIsBetter(Metric.TTFT_MS)).isFalse();
    }

    /** Seeded simulations (RegressionSimulation): 1 % noise within a run, 1.5 % machine drift between nights. */
    @Test
    void unchangedRunPairsRarelyFlagAnything() {
        RegressionSimulation sim = new RegressionSimulation(1);
        int flagged = 0;
        int trials = 200;
        for (int t = 0; t < trials; t++) {
            flagged += Regressions.detect("s", sim.nights(0, false)).isEmpty() ? 0 : 1;
        }
        assertThat(flagged).as("unchanged run pairs flagging anything, of " + trials).isLessThanOrEqualTo(trials * 5 / 100);
        RegressionSimulation missing = new RegressionSimulation(2);
        int flaggedMissing = 0;
        for (int t = 0; t < trials; t++) {
            flaggedMissing += Regressions.detect("s", missing.nights(0, true)).isEmpty() ? 0 : 1;
        }
        assertThat(flaggedMissing).as("with a machine missing, of " + trials).isLessThanOrEqualTo(trials * 5 / 100);
    }

    @Test
    void aRealTenPercentSlowdownIsFoundAlmostAlways() {
        RegressionSimulation sim = new RegressionSimulation(3);
        int found = 0;
        int trials = 100;
        List<Regressions.Change> last = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            last = Regressions.detect("s", sim.nights(0.10, false));
            found += RegressionSimulation.flagsTheSlowdown(last) ? 1 : 0;
        }
        assertThat(found).as("trials where the slowed model on its class was flagged worse, of " + trials)
                .isGreaterThanOrEqualTo(trials * 90 / 100);
        assertThat(last).filteredOn(RegressionSimulation::isTheSlowdown).allSatisfy(c -> {
            assertThat(Math.abs(c.changePct())).as("decode -10 %, TTFT +11 %, give or take the drift").isBetween(5.0, 15.0);
            assertThat(c.worse()).isTrue();
            assertThat(c.machines()).isEqualTo(2);
            assertThat(c.cells()).hasSize(2 * RegressionSimulation.PROMPTS);
        });
    }
}
