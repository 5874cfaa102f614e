package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The real runner with real processes: output, exit codes, missing programs and the timeout. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "uses POSIX sh, echo and sleep")
class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void capturesStdoutButNotStderr() {
        CommandResult r = runner.run(List.of("sh", "-c", "echo out; echo err >&2"), Duration.ofSeconds(5));
        assertThat(r.ok()).isTrue();
        assertThat(r.stdout()).isEqualTo("out\n");
    }

    @Test
    void argumentsAreNotInterpretedByAShell() {
        CommandResult r = runner.run(List.of("echo", "$HOME; rm -rf /"), Duration.ofSeconds(5));
        assertThat(r.stdout()).isEqualTo("$HOME; rm -rf /\n");
    }

    @Test
    void nonZeroExitIsAResultNotAnException() {
        CommandResult r = runner.run(List.of("sh", "-c", "echo partial; exit 3"), Duration.ofSeconds(5));
        assertThat(r.ok()).isFalse();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("partial\n");
        assertThat(r.problem()).isEqualTo("exit code 3");
    }

    @Test
    void missingProgramIsAResultNotAnException() {
        CommandResult r = runner.run(List.of("fleetbench-no-such-program"), Duration.ofSeconds(5));
        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).startsWith("cannot start:");
    }

    @Test
    void commandThatHangsIsKilledAtTheTimeout() {
        long start = System.nanoTime();
        // the child sleep inherits stdout: killing only the shell would leave the pipe open
        CommandResult r = runner.run(List.of("sh", "-c", "sleep 30; echo never"), Duration.ofMillis(300));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).isEqualTo("timed out after 300 ms");
        assertThat(elapsedMs).isLessThan(5_000);
    }
}
