package dev.fleetbench.coordinator.domain.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Points of the context curves from pooled raw samples, checked by hand. */
class ContextCurvesTest {

    private static final Map<String, Integer> LENGTHS = Map.of("context-128", 128, "context-1024", 1024,
            "context-4096", 4096);

    private static ContextSample ok(String worker, String prompt, double ttft, double prefill, Long rss, boolean approx) {
        return new ContextSample("cls", "m", prompt, worker, worker + "/" + prompt, true, null, null, ttft, prefill, rss,
                approx);
    }

    @Test
    void aPointPoolsTheRawSamplesOfEveryMachineOfTheClassWithNAndTheMedianInterval() {
        List<ContextSample> s = new ArrayList<>();
        double[] w1 = {20, 22, 24};
        double[] w2 = {30, 32, 34};
        for (int i = 0; i < 3; i++) {
            s.add(ok("w1", "context-128", w1[i], 128_000 / w1[i], 500L << 20, false));
            s.add(ok("w2", "context-128", w2[i], 128_000 / w2[i], 530L << 20, true));
        }
        ContextCurves.Point p = ContextCurves.of(s, LENGTHS).get(0);
        assertThat(p.contextTokens()).isEqualTo(128);
        assertThat(p.machines()).isEqualTo(2);
        assertThat(p.cells()).isEqualTo(2);
        assertThat(p.requests()).isEqualTo(6);
        assertThat(p.ttftMs().n()).isEqualTo(6);
        // the median of the six values pooled: (24 + 30) / 2
        assertThat(p.ttftMs().p50()).isEqualTo(27.0);
        // n = 6: the interval is [x(1), x(6)]
        assertThat(p.ttftMs().medianCiLow()).isEqualTo(20.0);
        assertThat(p.ttftMs().medianCiHigh()).isEqualTo(34.0);
        assertThat(p.prefillTps().p50()).isCloseTo((128_000 / 24.0 + 128_000 / 30.0) / 2, within(1e-9));
        assertThat(p.peakRssBytes().p50()).isEqualTo((double) ((500L << 20) + (530L << 20)) / 2);
        assertThat(p.approximate()).as("w2's prompts were approximated").isEqualTo(3);
        assertThat(p.doesNotFit()).isNull();
    }

    @Test
    void cellsWeighTheSameSoAnUnstableCellsExtraRoundsDoNotOutvoteTheOtherMachine() {
        List<ContextSample> s = new ArrayList<>();
        for (double v : new double[] {10, 10, 10, 10, 10}) {
            s.add(ok("w1", "context-1024", v, 100, null, false));
        }
        for (double v : new double[] {40, 40, 40}) {
            s.add(ok("w2", "context-1024", v, 25, null, false));
        }
        ContextCurves.Point p = ContextCurves.of(s, LENGTHS).get(0);
        assertThat(p.ttftMs().n()).isEqualTo(8);
        // pooled plainly the median would be 10; with each cell weighing one half (each 10 weighs 1/5, each 40 1/3)
        // the last 10 sits at 0.8/1.7333 = 0.4615, the first 40 at 1.0667/1.7333 = 0.6154: p50 = 10 + 30 × 0.25
        assertThat(p.ttftMs().p50()).isCloseTo(17.5, within(1e-9));
        assertThat(p.peakRssBytes().n()).as("no memory readings").isZero();
        assertThat(p.peakRssBytes().p50()).isNull();
    }

    @Test
    void aLengthBeyondTheWindowIsAPointWithoutRequestsNamingTheWindowAndFailuresAreCounted() {
        String why = "a prompt of 4096 tokens and an answer of up to 16 tokens need more than the model's context window"
                + " of 2048 tokens";
        List<ContextSample> s = List.of(
                new ContextSample("cls", "m", "context-4096", "w1", "c", false, "DOES_NOT_FIT", why, null, null, null, false),
                new ContextSample("cls", "m", "context-4096", "w1", "c", false, "DOES_NOT_FIT", why, null, null, null, false),
                ok("w1", "context-128", 20, 6400, null, false),
                new ContextSample("cls", "m", "context-128", "w1", "w1/context-128", false, "TIMEOUT", "no token", null,
                        null, null, false),
                ok("w1", "ordinary-prompt", 5, 2, null, false));
        List<ContextCurves.Point> points = ContextCurves.of(s, LENGTHS);
        assertThat(points).extracting(ContextCurves.Point::contextTokens).containsExactly(128, 4096);
        ContextCurves.Point fits = points.get(0);
        assertThat(fits.requests()).isEqualTo(2);
        assertThat(fits.failures()).isEqualTo(1);
        assertThat(fits.ttftMs().n()).isEqualTo(1);
        ContextCurves.Point tooLong = points.get(1);
        assertThat(tooLong.requests()).as("not sent: not a request").isZero();
        assertThat(tooLong.failures()).as("and not an error").isZero();
        assertThat(tooLong.ttftMs().n()).isZero();
        assertThat(tooLong.doesNotFit()).isEqualTo(why);
        assertThat(tooLong.machines()).isEqualTo(1);
    }

    @Test
    void pointsAreOrderedByClassModelAndLengthAsNumbers() {
        List<ContextSample> s = List.of(ok("w1", "context-4096", 400, 1, null, false),
                ok("w1", "context-128", 20, 1, null, false), ok("w1", "context-1024", 100, 1, null, false));
        assertThat(ContextCurves.of(s, LENGTHS)).extracting(ContextCurves.Point::contextTokens)
                .containsExactly(128, 1024, 4096);
        assertThat(ContextCurves.lengths(LENGTHS)).containsExactly(128, 1024, 4096);
    }
}
