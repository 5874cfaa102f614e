package dev.fleetbench.worker.service;

import java.nio.file.Path;
import java.util.List;

/**
 * What installing, removing or querying a service does, before anything is done: the definition file (null for
 * status and removal) and the commands, in order. Printed as it is by {@code --dry-run}. Immutable.
 *
 * @param file     where the definition is written (install) or deleted from (uninstall)
 * @param content  the definition; null when nothing is written
 * @param utf16    write the file as UTF-16 with a byte-order mark (Task Scheduler XML), else UTF-8
 * @param commands commands to run after writing (or before deleting), each a program and its arguments
 * @param notes    what the operator should know (one line each)
 */
public record ServicePlan(Path file, String content, boolean utf16, List<List<String>> commands, List<String> notes) {

    public ServicePlan {
        commands = commands.stream().map(List::copyOf).toList();
        notes = List.copyOf(notes);
    }
}
