package dev.fleetbench.worker.service;

import java.util.List;
import java.util.Objects;

/**
 * What to install as a service: the worker's exact command line and how the OS should run it. Immutable.
 *
 * @param name             service (systemd unit, launchd label suffix, scheduled task) name: letters, digits, '-', '_'
 * @param command          program and arguments, exactly as the worker is to be started; the first is an absolute path
 * @param workingDirectory where the command runs (relative paths in its arguments resolve here); absolute
 * @param account          the account the service runs as; null for the installing user (systemd: root for a
 *                         system unit, the user for {@code --user}; Windows: SYSTEM)
 * @param userScope        systemd {@code --user} unit, launchd agent of the user, Windows task at the user's logon
 * @param logDirectory     where launchd writes standard output and error (systemd and Windows keep their own logs)
 */
public record ServiceDefinition(String name, List<String> command, String workingDirectory, String account,
                                boolean userScope, String logDirectory) {

    public ServiceDefinition {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("service name '" + name + "' is invalid; use 1-64 letters, digits, '-' or '_'");
        }
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the service needs a command");
        }
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        if (account != null && account.isBlank()) {
            account = null;
        }
    }

    /** The description every service manager shows. */
    public String description() {
        return "FleetBench worker agent (" + name + ")";
    }
}
