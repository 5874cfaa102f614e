package dev.fleetbench.coordinator.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own linter ({@code promtool check metrics}, Debian's {@code prometheus} package) run on an exposition
 * text. Where it is not installed, {@link #path()} is null and the caller skips, saying so.
 */
public final class Promtool {

    private Promtool() {
    }

    /** The promtool executable on PATH, or null. */
    public static Path path() {
        String env = System.getenv("PATH");
        if (env == null) {
            return null;
        }
        for (String dir : env.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** What promtool reports on the exposition (empty when clean); its exit code ends the text when not 0. */
    public static String checkMetrics(Path promtool, String exposition) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("promtool check metrics did not finish in 60 s");
        }
        return p.exitValue() == 0 ? out : (out + "\n(exit " + p.exitValue() + ")").strip();
    }
}
