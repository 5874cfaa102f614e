package dev.fleetbench.worker.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.metrics.StreamTimeline;
import org.junit.jupiter.api.Test;

class DecodeCpuTest {

    static final long MS = 1_000_000L;

    @Test
    void onlyReadingsInsideTheDecodeCountAndTheyMustSpanEnough() {
        long[] at = {0, 20 * MS, 40 * MS, 60 * MS, 80 * MS, 100 * MS, 120 * MS, 140 * MS, 400 * MS};
        long[] cpu = {0, 0, 10 * MS, 30 * MS, 50 * MS, 70 * MS, 90 * MS, 110 * MS, 110 * MS};
        // decode from 30 ms to 150 ms: readings 40..140 ms, 100 ms of wall, 100 ms of CPU = one core busy
        assertThat(DecodeCpu.percent(at, cpu, at.length, 30 * MS, 150 * MS)).isEqualTo(100.0);
        assertThat(DecodeCpu.percent(at, cpu, at.length, 30 * MS, 100 * MS)).isNull(); // 60 ms: too short to tell
        assertThat(DecodeCpu.percent(at, cpu, 0, 0, 500 * MS)).isNull();
        StreamTimeline t = new StreamTimeline(0, new long[] {35 * MS, 90 * MS, 145 * MS}, 35 * MS, 150 * MS);
        assertThat(DecodeCpu.percent(at, cpu, at.length, t)).isEqualTo(100.0);
        assertThat(DecodeCpu.percent(at, cpu, at.length, new StreamTimeline(0, new long[] {35 * MS}, 35 * MS, 40 * MS)))
                .isNull();
        assertThat(DecodeCpu.percent(at, cpu, at.length, (StreamTimeline) null)).isNull();
    }
}
