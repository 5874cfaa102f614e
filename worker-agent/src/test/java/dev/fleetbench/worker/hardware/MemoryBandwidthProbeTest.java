package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryBandwidth;
import dev.fleetbench.common.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The bandwidth probe: its sizing rules by hand, and real copies on this machine (small and as the agent runs it). */
class MemoryBandwidthProbeTest {

    private static final long MIB = 1L << 20;

    @Test
    void buffersAreAsLargeAsAllowedButNoLargerThanFreeMemoryAndTheJvmAllow() {
        // plenty of everything: 128 MiB each
        assertThat(MemoryBandwidthProbe.bufferBytes(16L << 30, 4L << 30)).isEqualTo(128 * MIB);
        // 640 MiB free: an eighth is 80 MiB
        assertThat(MemoryBandwidthProbe.bufferBytes(640 * MIB, 4L << 30)).isEqualTo(80 * MIB);
        // a worker JVM with -Xmx384m (the direct limit is the heap's maximum): a quarter, 96 MiB
        assertThat(MemoryBandwidthProbe.bufferBytes(0, 384 * MIB)).isEqualTo(96 * MIB);
        // whole MiB: 1000 MiB / 8 = 125 MiB exactly; 1001 MiB / 8 = 125.125 MiB rounds down
        assertThat(MemoryBandwidthProbe.bufferBytes(1001 * MIB, 4L << 30)).isEqualTo(125 * MIB);
        // under 32 MiB the buffer could sit in a cache: no measurement
        assertThat(MemoryBandwidthProbe.bufferBytes(200 * MIB, 4L << 30)).isZero();
        assertThat(MemoryBandwidthProbe.bufferBytes(0, 100 * MIB)).isZero();
    }

    @Test
    void gigabytesPerSecondAreBytesPerNanosecond() {
        assertThat(MemoryBandwidthProbe.gbPerSecond(2_000_000_000L, 100_000_000L)).isEqualTo(20.0);
        assertThat(MemoryBandwidthProbe.gbPerSecond(1, 0)).isNaN();
    }

    @Test
    void aSmallRealCopySaysHowItWasMeasured() {
        MemoryBandwidthProbe.Result r = MemoryBandwidthProbe.measure(8 * MIB, 2, 3, 10_000);
        assertThat(r.problem()).isNull();
        MemoryBandwidth b = r.bandwidth();
        assertThat(b.gbPerSecond()).isFinite().isPositive();
        assertThat(b.passes()).isEqualTo(3);
        assertThat(b.threads()).isEqualTo(2);
        assertThat(b.bufferBytes()).isEqualTo(8 * MIB);
        assertThat(b.durationMs()).isPositive();
        assertThat(b.method()).isEqualTo("parallel copy between two 8 MiB off-heap buffers, 2 threads, best of 3 passes,"
                + " bytes read + written");
    }

    @Test
    void noRoomMeansNoMeasurementAndAReason() {
        MemoryBandwidthProbe.Result r = MemoryBandwidthProbe.measure(0, 2, 3, 10_000);
        assertThat(r.measured()).isEmpty();
        assertThat(r.problem()).isEqualTo("memory bandwidth not measured: less than 64 MiB of memory could be set aside"
                + " for the probe");
    }

    @Test
    void theAgentsProbeOfThisMachineIsQuickAndLandsInTheProfile() {
        HardwareProfile p = MemoryBandwidthProbe.addTo(Fixtures.intelDesktop());
        MemoryBandwidth b = p.memoryBandwidth();
        assertThat(b).as("notes: " + p.notes()).isNotNull();
        System.out.printf("memory bandwidth of this machine: %.1f GB/s (%s; %.0f ms)%n", b.gbPerSecond(), b.method(),
                b.durationMs());
        assertThat(b.bufferBytes()).isGreaterThanOrEqualTo(MemoryBandwidthProbe.MIN_BUFFER_BYTES);
        assertThat(b.passes()).isBetween(MemoryBandwidthProbe.MIN_PASSES, MemoryBandwidthProbe.MAX_PASSES);
        // no pass starts after 1.2 s; a generous bound for a busy machine, far under a worker's start-up
        assertThat(b.durationMs()).isLessThan(5_000);
        assertThat(HardwareReport.render(p)).contains(String.format(java.util.Locale.ROOT, "  bandwidth        %.1f GB/s (",
                b.gbPerSecond()));
        assertThat(p.profileHash()).isEqualTo(Fixtures.intelDesktop().profileHash());
    }
}
