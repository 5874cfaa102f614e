package dev.fleetbench.worker.cli;

import dev.fleetbench.common.model.Sample;
import dev.fleetbench.worker.measure.PlanListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a bench run to the person at the terminal: a progress bar over all requests when stderr is a console, a plain
 * line per phase otherwise (CI logs), and with {@code --verbose} what the engine is doing (download, load, failures).
 */
final class BenchProgress implements PlanListener, AutoCloseable {

    private final PrintStream err;
    private final boolean verbose;
    private final ProgressBar bar;
    private int done;

    BenchProgress(PrintStream err, boolean verbose, boolean interactive, long totalRequests) {
        this.err = err;
        this.verbose = verbose;
        this.bar = interactive ? new ProgressBarBuilder().setTaskName("bench").setInitialMax(totalRequests)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).build() : null;
    }

    @Override
    public void onPhase(String model, String phase, String detail) {
        if (verbose || phase.equals("failed") || phase.equals("resolved")) {
            line("[" + model + "] " + phase + ": " + detail);
        }
        if (bar != null) {
            bar.setExtraMessage(model + " " + phase);
        }
    }

    @Override
    public void onDownloadProgress(String model, double percent, String detail) {
        if (bar != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, "%s download %.0f%%", model, percent));
        } else if (verbose) {
            line(String.format(Locale.ROOT, "[%s] download %.0f%% %s", model, percent, detail));
        }
    }

    @Override
    public void onSample(Sample s) {
        done++;
        if (bar != null) {
            bar.step();
        }
        if (verbose || !s.ok()) {
            line(String.format(Locale.ROOT, "[%s] %s %s #%d: %s%s", s.model(), s.promptId(), s.kind().wire(),
                    s.repetition(), s.ok() ? "ok" : s.failureCode() + " " + s.failureMessage(),
                    s.ok() && s.ttftMs() != null ? String.format(Locale.ROOT, " (TTFT %.1f ms, %d tokens, E2E %.0f ms)",
                            s.ttftMs(), s.nOut(), s.e2eMs()) : ""));
        } else if (bar == null && done % 10 == 0) {
            line("[" + s.model() + "] " + done + " requests done");
        }
    }

    private void line(String text) {
        if (bar != null) {
            // keep the bar on its own line: print above it
            err.print("\r" + " ".repeat(100) + "\r");
        }
        err.println(text);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
