package dev.fleetbench.common.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.testing.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleStatsTest {

    @Test
    void onlyMeasuredSamplesCountAndFailuresOnlyInTheErrorRate() {
        SampleStats s = SampleStats.of(List.of(
                Samples.ok("m", "p", SampleKind.COLD, 900, 10, 5),
                Samples.ok("m", "p", SampleKind.WARMUP, 500, 10, 5),
                Samples.ok("m", "p", 100, 10, 5),
                Samples.ok("m", "p", 200, 20, 5),
                Samples.ok("m", "p", 300, 30, 5),
                Samples.failed("m", "p", FailureCode.TIMEOUT)));
        assertThat(s.requests()).isEqualTo(4);
        assertThat(s.failures()).isEqualTo(1);
        assertThat(s.errorRate()).isEqualTo(0.25);
        assertThat(s.ttftMs().n()).isEqualTo(3);
        assertThat(s.ttftMs().p50()).isEqualTo(200.0);
        assertThat(s.ttftMs().mean()).isEqualTo(200.0);
        assertThat(s.tpotMs().p50()).isEqualTo(20.0);
        // decode rates 100, 50, 33.3: median 50
        assertThat(s.decodeTps().p50()).isEqualTo(50.0);
        assertThat(s.outputTokens().p50()).isEqualTo(5.0);
    }

    @Test
    void promptsWeighTheSameWhateverTheirRepetitions() {
        // prompt a: TTFT 10, 20 ms; prompt b: 30, 40, 50, 60 ms (it got extra rounds). Weighted (CellWeights): p50 =
        // 20 + (0.5 - 0.5/1.625) / (0.375/1.625) x 10 = 28.33; pooled unweighted it would be 35.
        List<dev.fleetbench.common.model.Sample> samples = new java.util.ArrayList<>();
        for (double t : new double[] {10, 20}) {
            samples.add(Samples.ok("m", "a", t, 5, 5));
        }
        for (double t : new double[] {30, 40, 50, 60}) {
            samples.add(Samples.ok("m", "b", t, 5, 5));
        }
        SampleStats s = SampleStats.of(samples);
        assertThat(s.ttftMs().n()).isEqualTo(6);
        assertThat(s.ttftMs().p50()).isCloseTo(28.3333, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(SampleStats.cells(samples)).isEqualTo(2);
    }
}
