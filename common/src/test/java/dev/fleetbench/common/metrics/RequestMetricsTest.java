package dev.fleetbench.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RequestMetricsTest {

    private static final long MS = 1_000_000L;

    @Test
    void derivesEveryMetricAsMetricsMdDefinesIt() {
        // t_send = 0; chunks at 120, 140, 165, 180 ms; end at 190 ms; usage says 10 in, 4 out.
        StreamTimeline t = new StreamTimeline(0, new long[] {120 * MS, 140 * MS, 165 * MS, 180 * MS}, 120 * MS, 190 * MS);
        RequestMetrics m = RequestMetrics.derive(t, new TokenCounts(10, 4, false));

        assertThat(m.ttftMs()).isEqualTo(120.0);
        assertThat(m.ttfcMs()).isEqualTo(120.0);
        assertThat(m.e2eMs()).isEqualTo(190.0);
        // (180 - 120) / (4 - 1) = 20 ms per token; 1000 / 20 = 50 tok/s
        assertThat(m.tpotMs()).isCloseTo(20.0, within(1e-9));
        assertThat(m.decodeTps()).isCloseTo(50.0, within(1e-9));
        // 10 tokens / 120 ms * 1000 = 83.33 tok/s
        assertThat(m.prefillTps()).isCloseTo(83.3333333, within(1e-6));
        assertThat(m.itlGapsMs()).containsExactly(20.0, 25.0, 15.0);
        assertThat(m.nIn()).isEqualTo(10);
        assertThat(m.nOut()).isEqualTo(4);
        assertThat(m.tokensApproximate()).isFalse();
    }

    @Test
    void tpotUsesTokenCountNotChunkCount() {
        // two chunks carry 9 tokens (byte tokens merged): span 80 ms over 8 intervals = 10 ms per token
        StreamTimeline t = new StreamTimeline(1000, new long[] {1000 + 50 * MS, 1000 + 130 * MS}, 1000 + 50 * MS, 1000 + 131 * MS);
        RequestMetrics m = RequestMetrics.derive(t, new TokenCounts(3, 9, false));
        assertThat(m.tpotMs()).isCloseTo(10.0, within(1e-9));
        assertThat(m.decodeTps()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void reasoningBeforeContentSeparatesTtftFromTimeToFirstContent() {
        StreamTimeline t = new StreamTimeline(0, new long[] {30 * MS, 40 * MS, 90 * MS}, 90 * MS, 95 * MS);
        RequestMetrics m = RequestMetrics.derive(t, new TokenCounts(null, 3, false));
        assertThat(m.ttftMs()).isEqualTo(30.0);
        assertThat(m.ttfcMs()).isEqualTo(90.0);
        assertThat(m.prefillTps()).as("unknown n_in").isNull();
    }

    @Test
    void singleTokenHasNoTpotAndNoDecodeRate() {
        StreamTimeline t = new StreamTimeline(0, new long[] {70 * MS}, 70 * MS, 71 * MS);
        RequestMetrics m = RequestMetrics.derive(t, new TokenCounts(5, 1, false));
        assertThat(m.tpotMs()).isNull();
        assertThat(m.decodeTps()).isNull();
        assertThat(m.itlGapsMs()).isEmpty();
    }

    @Test
    void allTokensInOneChunkLeaveDecodeUndefinedRatherThanInfinite() {
        StreamTimeline t = new StreamTimeline(0, new long[] {70 * MS}, 70 * MS, 71 * MS);
        RequestMetrics m = RequestMetrics.derive(t, new TokenCounts(5, 12, false));
        assertThat(m.tpotMs()).isNull();
        assertThat(m.decodeTps()).isNull();
    }

    @Test
    void noChunksMeansOnlyEndToEndIsKnown() {
        StreamTimeline t = new StreamTimeline(0, new long[0], null, 500 * MS);
        RequestMetrics m = RequestMetrics.derive(t, TokenCounts.resolve(null, null, null, null, 0));
        assertThat(m.ttftMs()).isNull();
        assertThat(m.ttfcMs()).isNull();
        assertThat(m.e2eMs()).isEqualTo(500.0);
        assertThat(m.nOut()).isZero();
        assertThat(m.tokensApproximate()).isTrue();
    }

    @Test
    void tokenCountsPreferUsageThenTokenizerThenChunks() {
        assertThat(TokenCounts.resolve(7, 20, 8, 21, 15)).isEqualTo(new TokenCounts(7, 20, false));
        assertThat(TokenCounts.resolve(null, null, 8, 21, 15)).isEqualTo(new TokenCounts(8, 21, false));
        assertThat(TokenCounts.resolve(null, null, null, null, 15)).isEqualTo(new TokenCounts(null, 15, true));
        assertThat(TokenCounts.resolve(7, null, null, null, 15)).isEqualTo(new TokenCounts(7, 15, true));
    }

    @Test
    void rejectsTimeGoingBackwards() {
        assertThatThrownBy(() -> new StreamTimeline(0, new long[] {5, 4}, null, 10))
                .hasMessageContaining("backwards");
        assertThatThrownBy(() -> new StreamTimeline(10, new long[0], null, 5)).hasMessageContaining("t_end");
    }
}
