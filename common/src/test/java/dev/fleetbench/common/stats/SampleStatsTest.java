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
}
