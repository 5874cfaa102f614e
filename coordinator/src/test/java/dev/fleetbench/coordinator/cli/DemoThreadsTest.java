package dev.fleetbench.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's workers' inference threads together fit the cores (one each at least), each on CPUs of its own. */
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
    void eachWorkerGetsCpusOfItsOwnWhenTheyDivide() {
        CorePinning two = new CorePinning(CorePinning.parseList("0-1"));
        assertThat(two.cpusOf(0, 2, 1)).contains(List.of(0));
        assertThat(two.cpusOf(1, 2, 1)).contains(List.of(1));
        CorePinning sparse = new CorePinning(CorePinning.parseList("2,4-6,9"));
        assertThat(sparse.cpus()).containsExactly(2, 4, 5, 6, 9);
        assertThat(sparse.cpusOf(0, 2, 2)).contains(List.of(2, 4));
        assertThat(sparse.cpusOf(1, 2, 2)).contains(List.of(5, 6));
        assertThat(CorePinning.prefix(List.of(5, 6))).containsExactly("taskset", "-c", "5,6");
    }

    @Test
    void noPinningWhenTheCpusAreUnknownOrTooFew() {
        assertThat(new CorePinning(List.of()).cpusOf(0, 1, 1)).isEmpty();
        assertThat(new CorePinning(List.of(0, 1)).cpusOf(0, 4, 1)).as("4 workers on 2 CPUs").isEmpty();
        assertThat(new CorePinning(List.of(0, 1)).cpusOf(2, 2, 1)).isEmpty();
        assertThat(CorePinning.parseList("")).isEmpty();
        assertThat(CorePinning.parseList("0-x")).isEmpty();
        assertThat(CorePinning.parseList("3-1")).isEmpty();
        assertThat(CorePinning.parseList(" 1,0 ,1\n")).containsExactly(0, 1);
    }

    @Test
    void moreWorkersThanCoresStillGetOneThreadEach() {
        assertThat(DemoCommand.threadsPerWorker(2, 4)).isEqualTo(1);
    }

    @Test
    void workersTakeTurnsThroughOneLockFileUnlessToldNotTo() {
        DemoCommand demo = new DemoCommand();
        new picocli.CommandLine(demo).parseArgs("--data-dir", "/tmp/demo-x");
        assertThat(demo.workerArgs(java.nio.file.Path.of("/tmp/demo-x/models"), 1, 2))
                .containsSubsequence("--threads", "1", "--label", "demo-worker=2")
                .containsSubsequence("--measure-in-turn-with", "/tmp/demo-x/measuring-turn.lock");
        DemoCommand atOnce = new DemoCommand();
        new picocli.CommandLine(atOnce).parseArgs("--data-dir", "/tmp/demo-x", "--no-take-turns");
        assertThat(atOnce.workerArgs(java.nio.file.Path.of("/tmp/demo-x/models"), 1, 1))
                .doesNotContain("--measure-in-turn-with");
    }

    @Test
    void workersArePinnedOnlyWhenTheyMeasureAtOnceUnlessTold() {
        assertThat(parsed().pinned()).as("two workers taking turns").isFalse();
        assertThat(parsed("--no-take-turns").pinned()).isTrue();
        assertThat(parsed("--workers", "1").pinned()).as("one worker has no one to take turns with").isTrue();
        assertThat(parsed("--pin-workers").pinned()).isTrue();
        assertThat(parsed("--no-take-turns", "--no-pin-workers").pinned()).isFalse();
    }

    private static DemoCommand parsed(String... args) {
        DemoCommand demo = new DemoCommand();
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--data-dir", "/tmp/demo-x"),
                java.util.Arrays.stream(args)).toArray(String[]::new);
        new picocli.CommandLine(demo).parseArgs(all);
        return demo;
    }
}
