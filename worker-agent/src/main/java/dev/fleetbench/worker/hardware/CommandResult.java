package dev.fleetbench.worker.hardware;

import java.util.List;

/**
 * What one external command did. Immutable.
 *
 * @param command  the command as run
 * @param exitCode the exit code; -1 when the command did not end by itself
 * @param stdout   everything it printed on standard output, decoded as UTF-8; empty, never null
 * @param failure  why it could not be run to the end ("timed out after 5 s", "cannot start: …"); null when it ran
 *                 to the end, whatever its exit code
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String failure) {

    public CommandResult {
        command = command == null ? List.of() : List.copyOf(command);
        stdout = stdout == null ? "" : stdout;
    }

    /** A command that ran to the end with this exit code and output. */
    public static CommandResult exited(List<String> command, int exitCode, String stdout) {
        return new CommandResult(command, exitCode, stdout, null);
    }

    /** A command that could not be started or did not finish. */
    public static CommandResult failed(List<String> command, String failure) {
        return new CommandResult(command, -1, "", failure);
    }

    /** True when the command ran to the end with exit code 0. */
    public boolean ok() {
        return failure == null && exitCode == 0;
    }

    /** True when the command was stopped at its time limit (a runner reports that as "timed out after …"). */
    public boolean timedOut() {
        return failure != null && failure.startsWith("timed out");
    }

    /** Why the result is not {@link #ok()}, in words for a profile note; "ok" when it is. */
    public String problem() {
        if (failure != null) {
            return failure;
        }
        return exitCode == 0 ? "ok" : "exit code " + exitCode;
    }
}
