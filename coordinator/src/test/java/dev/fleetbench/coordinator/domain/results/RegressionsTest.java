package dev.fleetbench.coordinator.domain.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegressionsTest {

    private static GroupValues values(double from, String engine) {
        double[] v = new double[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = from + i;
        }
        return new GroupValues(Map.of(Dimension.HARDWARE_CLASS, "desktop", Dimension.MODEL, "phi"), v,
                Map.of("engine_version", List.of(engine), "os_build", List.of("26100")));
    }

    private static Regressions.Run run(String id, GroupValues decode) {
        return new Regressions.Run(id, "2026-11-2" + id.charAt(id.length() - 1) + "T02:00:00Z", Map.of("decode_tps", List.of(decode)));
    }

    @Test
    void aSlowerRunIsFlaggedWithWhatChangedInItsFingerprint() {
        List<Regressions.Change> changes = Regressions.detect("s-1", List.of(
                run("c-1", values(100, "0.8.119")), run("c-2", values(101, "0.8.119")), run("c-3", values(80, "0.10.2"))));
        assertThat(changes).hasSize(1);
        Regressions.Change c = changes.get(0);
        assertThat(c.previousCampaign()).isEqualTo("c-2");
        assertThat(c.campaign()).isEqualTo("c-3");
        assertThat(c.previousMedian()).isEqualTo(106.5);
        assertThat(c.median()).isEqualTo(85.5);
        assertThat(c.changePct()).isCloseTo(-19.72, org.assertj.core.data.Offset.offset(0.01));
        assertThat(c.worse()).isTrue();
        assertThat(c.pValue()).isLessThan(Regressions.ALPHA);
        assertThat(c.fingerprintChanges()).isEqualTo(Map.of("engine_version",
                Map.of("before", List.of("0.8.119"), "after", List.of("0.10.2"))));
    }

    @Test
    void noiseIsNotAChangeAndTooFewSamplesProveNothing() {
        assertThat(Regressions.detect("s-1", List.of(run("c-1", values(100, "a")), run("c-2", values(100.5, "a"))))).isEmpty();
        GroupValues few = new GroupValues(Map.of(Dimension.HARDWARE_CLASS, "desktop", Dimension.MODEL, "phi"),
                new double[] {1, 2, 3}, Map.of());
        assertThat(Regressions.detect("s-1", List.of(run("c-1", few), run("c-2", values(500, "a"))))).isEmpty();
    }

    @Test
    void ttftGrowingIsWorseDecodeGrowingIsBetter() {
        assertThat(Regressions.higherIsBetter("decode_tps")).isTrue();
        assertThat(Regressions.higherIsBetter("ttft_ms")).isFalse();
    }
}
