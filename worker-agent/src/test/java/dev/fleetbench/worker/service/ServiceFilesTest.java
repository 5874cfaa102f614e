package dev.fleetbench.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.fleetbench.common.testing.Golden;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated service files, pinned by golden files; the systemd unit also checked by systemd itself. */
class ServiceFilesTest {

    /** Arguments that need every kind of quoting: blanks, quotes, '%', '$', XML's specials, a Windows path. */
    static final List<String> ARGS = List.of("worker", "--join", "10.0.0.5:5801", "--host", "10.0.0.23",
            "--engine", "foundry", "--label", "room=B 12", "--label", "owner=\"Ana\" & <Bo>", "--label", "budget=100%",
            "--label", "shell=$HOME", "--cluster-secret-file", "C:\\Lab Secrets\\cluster.secret",
            "--data-dir", "/var/lib/fleetbench");

    static ServiceDefinition definition(String launcher, String account, boolean user) {
        List<String> cmd = new ArrayList<>(List.of(launcher));
        cmd.addAll(ARGS);
        return new ServiceDefinition("fleetbench-worker", cmd, "/opt/fleetbench", account, user,
                "/Users/lab/Library/Logs/FleetBench");
    }

    @Test
    void systemdUnits() {
        Golden.assertMatches("service/systemd-system.service", SystemdUnit.render(definition("/opt/fleetbench/fleetbench", "fleetbench", false)));
        Golden.assertMatches("service/systemd-user.service", SystemdUnit.render(definition("/opt/fleetbench/fleetbench", null, true)));
    }

    @Test
    void launchdAgent() {
        Golden.assertMatches("service/launchd-agent.plist", LaunchdPlist.render(definition("/Applications/FleetBench/fleetbench", null, true)));
    }

    @Test
    void windowsTasks() {
        Golden.assertMatches("service/windows-boot-system.xml",
                WindowsTask.render(definition("C:\\Program Files\\FleetBench\\fleetbench.cmd", null, false)));
        Golden.assertMatches("service/windows-logon-user.xml",
                WindowsTask.render(definition("C:\\Program Files\\FleetBench\\fleetbench.cmd", "LAB\\ana", true)));
    }

    @Test
    void systemdReadsTheUnitBackWordForWord(@TempDir Path dir) throws Exception {
        Path verify = Path.of("/usr/bin/systemd-analyze");
        assumeThat(Files.isExecutable(verify)).as("systemd-analyze (Debian package systemd) is not installed here").isTrue();
        Path unit = dir.resolve("fleetbench-worker.service");
        Files.writeString(unit, SystemdUnit.render(definition("/bin/true", null, false)), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(verify.toString(), "verify", unit.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("systemd-analyze verify said:%n%s", out).isZero();
        assertThat(out).doesNotContain("fleetbench-worker.service:");   // no warning about any line of ours
    }

    @Test
    void systemdQuotingSplitsBackIntoTheSameWords() {
        List<String> words = new ArrayList<>(List.of("/opt/fleet bench/fleetbench"));
        words.addAll(ARGS);
        String line = String.join(" ", words.stream().map(SystemdUnit::quote).toList());
        assertThat(SystemdWords.split(line)).containsExactlyElementsOf(words);
    }

    @Test
    void windowsQuotingFollowsCommandLineToArgvW() {
        assertThat(WindowsTask.quote("plain")).isEqualTo("plain");
        assertThat(WindowsTask.quote("room=B 12")).isEqualTo("\"room=B 12\"");
        assertThat(WindowsTask.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(WindowsTask.quote("C:\\Lab Secrets\\")).isEqualTo("\"C:\\Lab Secrets\\\\\"");
        assertThat(WindowsTask.quote("")).isEqualTo("\"\"");
    }
}
