package dev.fleetbench.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void theLineShowsTheBarCellsSamplesAndTheTimeLeft() {
        assertThat(ProgressBar.render(0, 40, 0, Duration.ofSeconds(3)))
                .isEqualTo("[░░░░░░░░░░░░░░░░░░░░] 0/40 cells · 0 samples · ETA --");
        assertThat(ProgressBar.render(12, 40, 345, Duration.ofSeconds(28)))
                .isEqualTo("[██████░░░░░░░░░░░░░░] 12/40 cells · 345 samples · ETA 1m05s");
        assertThat(ProgressBar.render(39, 40, 1200, Duration.ofHours(2)))
                .isEqualTo("[███████████████████░] 39/40 cells · 1200 samples · ETA 3m04s");
        assertThat(ProgressBar.render(1, 3, 10, Duration.ofHours(1)))
                .isEqualTo("[██████░░░░░░░░░░░░░░] 1/3 cells · 10 samples · ETA 2h00m");
        assertThat(ProgressBar.render(40, 40, 1230, Duration.ofSeconds(187)))
                .isEqualTo("[████████████████████] 40/40 cells · 1230 samples · done in 3m07s");
        assertThat(ProgressBar.render(0, 0, 0, Duration.ZERO))
                .isEqualTo("[████████████████████] 0/0 cells · 0 samples · done in 0s");
    }

    @Test
    void aTerminalGetsTheLineOverThePreviousOneAFileGetsLines() {
        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        PrintStream t = new PrintStream(tty, true, StandardCharsets.UTF_8);
        ProgressBar.show(t, "a", true);
        ProgressBar.show(t, "b", true);
        assertThat(tty.toString(StandardCharsets.UTF_8)).isEqualTo("\ra\u001b[K\rb\u001b[K");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        PrintStream f = new PrintStream(file, true, StandardCharsets.UTF_8);
        ProgressBar.show(f, "a", false);
        ProgressBar.show(f, "b", false);
        assertThat(file.toString(StandardCharsets.UTF_8)).isEqualTo("a" + System.lineSeparator() + "b" + System.lineSeparator());
    }
}
