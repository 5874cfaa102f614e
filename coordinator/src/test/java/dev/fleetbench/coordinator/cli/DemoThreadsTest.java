package dev.fleetbench.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo's workers' inference threads together fit the cores (one each at least). */
class DemoThreadsTest {

    @Test
    void workersShareTheCoresWithoutOversubscribing() {
        assertThat(DemoCommand.threadsPerWorker(2, 2)).isEqualTo(1);
        assertThat(DemoCommand.threadsPerWorker(8, 2)).isEqualTo(4);
        assertThat(DemoCommand.threadsPerWorker(8, 3)).isEqualTo(2);
        for (int cores = 1; cores <= 64; cores++) {
            for (int workers = 1; workers <= Math.min(16, cores); workers++) {
                assertThat(DemoCommand.threadsPerWorker(cores, workers) * workers).isLessThanOrEqualTo(cores);
            }
        }
    }

    @Test
    void moreWorkersThanCoresStillGetOneThreadEach() {
        assertThat(DemoCommand.threadsPerWorker(2, 4)).isEqualTo(1);
    }
}
