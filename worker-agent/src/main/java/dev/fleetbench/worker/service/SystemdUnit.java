package dev.fleetbench.worker.service;

import java.util.stream.Collectors;

/**
 * A systemd service unit that starts the worker after the network is up and restarts it whenever it ends, at most
 * every 10 s. Secrets are never in the unit: the worker's options name the files that hold them. Pure.
 */
public final class SystemdUnit {

    private SystemdUnit() {
    }

    public static String render(ServiceDefinition d) {
        StringBuilder u = new StringBuilder();
        u.append("# Written by fleetbench worker install-service; remove with fleetbench worker uninstall-service.\n");
        u.append("[Unit]\n");
        u.append("Description=").append(d.description()).append('\n');
        if (!d.userScope()) {
            u.append("Wants=network-online.target\n");
            u.append("After=network-online.target\n");
        }
        u.append('\n');
        u.append("[Service]\n");
        u.append("Type=simple\n");
        u.append("ExecStart=").append(d.command().stream().map(SystemdUnit::quote).collect(Collectors.joining(" ")))
                .append('\n');
        u.append("WorkingDirectory=").append(quote(d.workingDirectory())).append('\n');
        if (d.account() != null && !d.userScope()) {
            u.append("User=").append(d.account()).append('\n');
        }
        u.append("Restart=always\n");
        u.append("RestartSec=10\n");
        // SIGTERM lets the agent leave the cluster cleanly and return its lease; give it time to send its outbox.
        u.append("KillSignal=SIGTERM\n");
        u.append("TimeoutStopSec=30\n");
        u.append('\n');
        u.append("[Install]\n");
        u.append("WantedBy=").append(d.userScope() ? "default.target" : "multi-user.target").append('\n');
        return u.toString();
    }

    /**
     * One word of a command line as systemd reads it: double quotes where a word has white space or quotes,
     * backslash escapes inside, '%' doubled (specifiers) and '$' doubled (variable expansion).
     */
    static String quote(String word) {
        String w = word.replace("%", "%%").replace("$", "$$");
        if (!w.isEmpty() && w.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '\\'
                || c == ';')) {
            return w;
        }
        return '"' + w.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
