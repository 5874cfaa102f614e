package dev.fleetbench.worker.hardware;

import java.time.Duration;
import java.util.List;

/**
 * Runs one external command and captures its standard output as text. Injected into the probe so that tests can
 * answer with captured fixture text instead of starting processes.
 *
 * <p>Contract: never throws and never waits longer than the timeout (plus the time to kill the process); a command
 * that cannot start, fails or times out is a {@link CommandResult} that says so. Implementations must be safe to
 * call from several threads.
 */
@FunctionalInterface
public interface CommandRunner {

    /**
     * @param command program and arguments, passed to the OS as a list (never through a shell)
     * @param timeout how long the command may run before it is killed
     */
    CommandResult run(List<String> command, Duration timeout);
}
