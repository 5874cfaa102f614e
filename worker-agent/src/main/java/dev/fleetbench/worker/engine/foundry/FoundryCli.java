package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.hardware.CommandResult;
import dev.fleetbench.worker.hardware.CommandRunner;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code foundry} command line, run without a shell ({@link ProcessBuilder} argument lists; model ids are
 * validated by the caller through {@link ModelIds}). Knows both generations: the legacy CLI's {@code service} verbs
 * and CLI 0.10's {@code server} verbs; which one this machine has is learned from the first status call (the legacy
 * verb is tried first; "Unrecognized command" or a failing exit means the current CLI). Thread-safe.
 */
final class FoundryCli {

    /** Which CLI generation is installed. */
    enum Flavor {
        LEGACY("service"), CURRENT("server");

        final String group;

        Flavor(String group) {
            this.group = group;
        }
    }

    private final CommandRunner runner;
    private final Path executable;
    private final Duration timeout;
    private volatile Flavor flavor;

    FoundryCli(CommandRunner runner, Path executable, Duration timeout) {
        this.runner = runner;
        this.executable = executable;
        this.timeout = timeout;
    }

    Path executable() {
        return executable;
    }

    /** The CLI generation, once a status call has shown it; null before. */
    Flavor flavor() {
        return flavor;
    }

    CommandResult run(String... args) {
        return run(timeout, args);
    }

    CommandResult run(Duration limit, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        return runner.run(command, limit);
    }

    /** {@code foundry service status}, or {@code foundry server status} when the legacy verb is not known. */
    ServiceStatus status() {
        if (flavor != Flavor.CURRENT) {
            ServiceStatus legacy = CliOutput.status(run("service", "status"));
            if (legacy.state() != ServiceStatus.State.UNRECOGNIZED && legacy.state() != ServiceStatus.State.UNKNOWN) {
                flavor = Flavor.LEGACY;
                return legacy;
            }
            if (flavor == Flavor.LEGACY) {
                return legacy;
            }
        }
        ServiceStatus current = CliOutput.status(run("server", "status"));
        if (current.state() != ServiceStatus.State.UNRECOGNIZED && current.state() != ServiceStatus.State.UNKNOWN) {
            flavor = Flavor.CURRENT;
        }
        return current;
    }

    /**
     * Starts {@code foundry service|server start|restart} without waiting for it, as the SDKs do: the legacy
     * command may keep its output open for as long as the service runs. The caller polls the status.
     */
    void spawn(String verb) throws EngineException {
        Flavor f = flavor == null ? Flavor.LEGACY : flavor;
        List<String> command = List.of(executable.toString(), f.group, verb);
        try {
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
        } catch (IOException | RuntimeException e) {
            throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "cannot run '" + String.join(" ", command)
                    + "': " + e.getMessage(), e);
        }
    }

    /**
     * Runs a long command and hands every output line to {@code lines} as it is printed (lines end at {@code \n}
     * or {@code \r}, as progress bars redraw with {@code \r}).
     *
     * @return the exit code, or -1 when it had to be killed at {@code limit}
     */
    int stream(Duration limit, Consumer<String> lines, String... args) throws EngineException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
        } catch (IOException | RuntimeException e) {
            throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "cannot run '" + String.join(" ", command)
                    + "': " + e.getMessage(), e);
        }
        Thread killer = new Thread(() -> {
            try {
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }, "foundry-cli-timeout");
        killer.setDaemon(true);
        killer.start();
        StringBuilder line = new StringBuilder();
        try (Reader r = new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
            int c;
            while ((c = r.read()) >= 0) {
                if (c == '\n' || c == '\r') {
                    if (line.length() > 0) {
                        lines.accept(line.toString());
                        line.setLength(0);
                    }
                } else if (line.length() < 8192) {
                    line.append((char) c);
                }
            }
            if (line.length() > 0) {
                lines.accept(line.toString());
            }
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // killed: the exit code says so
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new EngineException(FailureCode.CANCELLED, "interrupted while running " + String.join(" ", command));
        }
        return p.isAlive() ? -1 : p.exitValue();
    }
}
