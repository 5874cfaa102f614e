package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.NpuInfo;
import dev.fleetbench.common.model.OsFamily;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Copilot+ PC whose first PowerShell start after a cold boot is slower than the NPU query's limit. */
class WindowsNpuRetryTest {

    private static final List<String> QUERY = List.of("powershell");
    private static final String PREFIX = "powershell -NoProfile";

    private static List<NpuInfo> read(FakeRunner runner, List<String> notes) {
        ProbeContext ctx = HardwareFixtures.context(OsFamily.WINDOWS, "amd64", "10.0", Path.of("nowhere"), runner);
        return NpuReader.read(ctx, "x86_64", "Intel(R) Core(TM) Ultra 7 155H", notes);
    }

    @Test
    void aTimedOutQueryIsAskedAgainAndTheNpuIsFound() {
        FakeRunner runner = new FakeRunner().answerInTurn(PREFIX,
                CommandResult.failed(QUERY, "timed out after 15 s"),
                CommandResult.exited(QUERY, 0, HardwareFixtures.text("windows/core-ultra/pnp-npu.csv")));
        List<String> notes = new ArrayList<>();

        List<NpuInfo> npus = read(runner, notes);

        assertThat(npus).extracting(NpuInfo::vendor).containsExactly("intel");
        assertThat(runner.calls).hasSize(2);
        assertThat(notes).singleElement().asString().contains("timed out after 15 s").contains("asked again");
    }

    @Test
    void twoTimeoutsAreNotedAndOtherFailuresAreNotRetried() {
        FakeRunner slow = new FakeRunner().answerInTurn(PREFIX, CommandResult.failed(QUERY, "timed out after 15 s"),
                CommandResult.failed(QUERY, "timed out after 30 s"));
        List<String> notes = new ArrayList<>();
        assertThat(read(slow, notes)).isEmpty();
        assertThat(notes).anyMatch(n -> n.startsWith("NPU list unavailable: PowerShell PnP query timed out after 30 s"));

        FakeRunner missing = new FakeRunner(); // no PowerShell at all: asking again would not help
        assertThat(read(missing, new ArrayList<>())).isEmpty();
        assertThat(missing.calls).hasSize(1);
    }
}
