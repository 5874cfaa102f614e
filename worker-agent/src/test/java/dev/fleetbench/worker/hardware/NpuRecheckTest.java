package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.OsFamily;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Copilot+ PC (Core Ultra 7 155H with its Intel NPU) whose PowerShell is slow for minutes after a cold boot: the NPU
 * query times out at start (twice, as the probe asks twice), so the profile has no NPU; later queries find it and the
 * profile that goes to the coordinator has it, which changes the machine's class.
 */
class NpuRecheckTest {

    private static final long GIB = 1L << 30;
    private static final String QUERY = "powershell -NoProfile";
    private static final CommandResult TIMED_OUT_15 = CommandResult.failed(List.of("powershell"), "timed out after 15 s");
    private static final CommandResult TIMED_OUT_30 = CommandResult.failed(List.of("powershell"), "timed out after 30 s");
    private static final CommandResult ANSWER = CommandResult.exited(List.of("powershell"), 0,
            HardwareFixtures.text("windows/core-ultra/pnp-npu.csv"));

    /** The scheduler seam: records each wait and runs the task only when the test says so. */
    private static final class Waits implements NpuRecheck.Scheduler {
        final List<Duration> delays = new ArrayList<>();
        final Deque<Runnable> due = new ArrayDeque<>();

        @Override
        public void after(Duration delay, Runnable task) {
            delays.add(delay);
            due.add(task);
        }

        void runAll() {
            while (!due.isEmpty()) {
                due.poll().run();
            }
        }
    }

    private static long queries(FakeRunner runner) {
        return runner.calls.stream().filter(c -> c.get(0).equals("powershell")).count();
    }

    private static ProbeContext windows(FakeRunner runner) {
        return HardwareFixtures.context(OsFamily.WINDOWS, "amd64", "10.0", Path.of("nowhere"), runner);
    }

    private static HardwareProfile probedAtStart(FakeRunner runner) {
        OshiSnapshot oshi = new OshiSnapshot("lab-laptop-11", new OshiSnapshot.Os("Microsoft", "Windows", "11", "",
                "26100"), new OshiSnapshot.Cpu("GenuineIntel", "Intel(R) Core(TM) Ultra 7 155H", "BFEBFBFF000A06A4",
                16, 22, -1, 1_400_000_000L, HardwareFixtures.lines("windows/core-ultra/oshi-feature-flags.txt")),
                32 * GIB, 20 * GIB, List.of(new OshiSnapshot.Gpu("Intel(R) Arc(TM) Graphics", "Intel Corporation",
                        2 * GIB, "31.0.101.5382")),
                List.of(new PowerParser.Battery("Internal Battery", true, false, false, 0.8, "LiP")),
                "4C4C4544-0042-3510-8052-B4C04F564433", "5J2Q8X3", List.of());
        return ProfileAssembler.assemble(oshi, windows(runner));
    }

    @Test
    void aQueryThatTimedOutAtStartIsAskedLaterAndTheNpuChangesTheClass() {
        FakeRunner runner = new FakeRunner().answerInTurn(QUERY, TIMED_OUT_15, TIMED_OUT_30, TIMED_OUT_30, ANSWER);
        HardwareProfile atStart = probedAtStart(runner);
        assertThat(atStart.npus()).isEmpty();
        String classAtStart = HardwareClassifier.classify(atStart).key();
        Waits waits = new Waits();
        List<HardwareProfile> found = new ArrayList<>();
        List<String> log = new ArrayList<>();

        boolean started = new NpuRecheck(windows(runner), atStart, waits, found::add, log::add).start();
        waits.runAll();

        assertThat(started).isTrue();
        assertThat(waits.delays).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2));
        assertThat(queries(runner)).isEqualTo(2 + 2); // two at start, two later
        HardwareProfile later = found.get(0);
        assertThat(found).hasSize(1);
        assertThat(later.npus()).extracting(n -> n.vendor()).containsExactly("intel");
        assertThat(later.profileHash()).isNotEqualTo(atStart.profileHash());
        assertThat(later.machineId()).isEqualTo(atStart.machineId());
        assertThat(later.notes()).noneMatch(n -> n.startsWith(NpuReader.UNAVAILABLE))
                .contains("NPU list: the PowerShell PnP query timed out at start; listed by a later query about 3 min"
                        + " after start");
        // an NPU-less machine with an integrated GPU at start; a Copilot+ class once the NPU is listed
        assertThat(classAtStart).contains("/igpu:intel/");
        assertThat(HardwareClassifier.classify(later).key()).isEqualTo(classAtStart.replace("/igpu:intel/", "/npu:intel/"));
        assertThat(log).hasSize(2).last().asString().contains("found 1 NPU(s)");
    }

    @Test
    void aPowerShellThatNeverAnswersIsAskedFiveTimesWithGrowingWaitsThenLeftAlone() {
        FakeRunner runner = new FakeRunner().answerInTurn(QUERY, TIMED_OUT_15, TIMED_OUT_30);
        HardwareProfile atStart = probedAtStart(runner);
        Waits waits = new Waits();
        List<HardwareProfile> found = new ArrayList<>();
        List<String> log = new ArrayList<>();

        new NpuRecheck(windows(runner), atStart, waits, found::add, log::add).start();
        waits.runAll();

        assertThat(waits.delays).containsExactlyElementsOf(NpuRecheck.DELAYS);
        assertThat(waits.delays).extracting(Duration::toMinutes).containsExactly(1L, 2L, 4L, 8L, 16L);
        assertThat(queries(runner)).isEqualTo(2 + 5);
        assertThat(found).isEmpty();
        assertThat(log).hasSize(5).last().asString().contains("not asking again");
    }

    @Test
    void onlyATimedOutWindowsQueryIsAskedAgain() {
        Waits waits = new Waits();
        // answered at start with no NPU: a desktop without one
        FakeRunner answered = new FakeRunner().answer(QUERY, CommandResult.exited(List.of("powershell"), 0, ""));
        assertThat(new NpuRecheck(windows(answered), probedAtStart(answered), waits, p -> { }, s -> { }).start())
                .isFalse();
        // no PowerShell at all: asking again would not help
        FakeRunner missing = new FakeRunner();
        assertThat(new NpuRecheck(windows(missing), probedAtStart(missing), waits, p -> { }, s -> { }).start())
                .isFalse();
        // found at start
        FakeRunner quick = new FakeRunner().answer(QUERY, ANSWER);
        assertThat(new NpuRecheck(windows(quick), probedAtStart(quick), waits, p -> { }, s -> { }).start()).isFalse();
        assertThat(waits.delays).isEmpty();
    }

    @Test
    void aLaterQueryThatFindsNoNpuChangesNothing() {
        FakeRunner runner = new FakeRunner().answerInTurn(QUERY, TIMED_OUT_15, TIMED_OUT_30,
                CommandResult.exited(List.of("powershell"), 0, ""));
        HardwareProfile atStart = probedAtStart(runner);
        Waits waits = new Waits();
        List<HardwareProfile> found = new ArrayList<>();
        List<String> log = new ArrayList<>();

        new NpuRecheck(windows(runner), atStart, waits, found::add, log::add).start();
        waits.runAll();

        assertThat(found).isEmpty();
        assertThat(waits.delays).hasSize(1);
        assertThat(log).singleElement().asString().contains("no NPU");
    }
}
