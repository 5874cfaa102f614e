package dev.fleetbench.coordinator.cli;

import java.time.Duration;
import java.util.Locale;

/**
 * One line of campaign progress for a console: a bar, cells done of the total, samples stored and an estimate of the
 * time left ({@code [██████░░░░░░░░░░░░░░] 12/40 cells · 345 samples · ETA 1m05s}). Rendering is a pure function so
 * that it is tested on golden strings; {@link #show} writes it over the previous line on a terminal (carriage
 * return) and as a new line elsewhere (a log file, a pipe).
 *
 * <p>Hand-written rather than me.tongfei:progressbar: that library's jar is in the offline repository without its
 * POM (so without its JLine dependency), and a line of text over a carriage return is all the demo and
 * {@code campaign status --follow} need.
 */
final class ProgressBar {

    static final int WIDTH = 20;

    private ProgressBar() {
    }

    /**
     * @param done    cells finished (done, failed, does not fit, cancelled)
     * @param total   cells of the campaign
     * @param samples samples stored
     * @param elapsed time since the campaign started (for the estimate)
     * @return the line, without a line end
     */
    static String render(int done, int total, long samples, Duration elapsed) {
        int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, (long) done * WIDTH / total);
        String bar = "█".repeat(filled) + "░".repeat(WIDTH - filled);
        String eta;
        if (done >= total) {
            eta = "done in " + clock(elapsed);
        } else if (done <= 0) {
            eta = "ETA --";
        } else {
            eta = "ETA " + clock(elapsed.multipliedBy(total - done).dividedBy(done));
        }
        return String.format(Locale.ROOT, "[%s] %d/%d cells · %d samples · %s", bar, done, total, samples, eta);
    }

    /** 45s, 3m07s, 1h02m. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /**
     * Writes a line over the previous one on a terminal, else on a line of its own.
     *
     * @param terminal true when the output is a console ({@code System.console() != null})
     */
    static void show(java.io.PrintStream out, String line, boolean terminal) {
        if (terminal) {
            out.print("\r" + line + "\u001b[K"); // erase what a longer previous line left
        } else {
            out.println(line);
        }
        out.flush();
    }
}
