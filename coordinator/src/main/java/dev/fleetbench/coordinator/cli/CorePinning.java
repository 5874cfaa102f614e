package dev.fleetbench.coordinator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which CPUs each demo worker runs on, so that the workers' inference threads never share a core: without it the
 * scheduler moves two workers' threads onto one core now and then, and two demo runs disagree by whatever collided.
 * Linux only, through {@code taskset} (util-linux) in front of the worker's command line; elsewhere, or when the
 * CPUs do not divide into disjoint sets, workers run unpinned and the demo says so. Pure except {@link #probe()}.
 *
 * @param cpus the CPU numbers this process may run on, ascending; empty when unknown (no pinning)
 */
record CorePinning(List<Integer> cpus) {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final List<Path> TASKSET = List.of(Path.of("/usr/bin/taskset"), Path.of("/bin/taskset"));

    CorePinning {
        cpus = List.copyOf(cpus);
    }

    /** This machine: the CPUs this process may use (Linux {@code Cpus_allowed_list}) when {@code taskset} exists. */
    static CorePinning probe() {
        if (TASKSET.stream().noneMatch(Files::isExecutable)) {
            return new CorePinning(List.of());
        }
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return new CorePinning(parseList(line.substring(line.indexOf(':') + 1)));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not Linux, or no /proc: no pinning
        }
        return new CorePinning(List.of());
    }

    /**
     * A kernel CPU list such as {@code 0-3,8,10-11} as numbers; empty for a blank or malformed list (pinning is an
     * optimisation: a list it cannot read means no pinning, not a failure). Pure.
     */
    static List<Integer> parseList(String list) {
        List<Integer> out = new ArrayList<>();
        try {
            for (String part : list.strip().split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                String[] range = part.strip().split("-", 2);
                int from = Integer.parseInt(range[0].strip());
                int to = range.length == 2 ? Integer.parseInt(range[1].strip()) : from;
                if (from < 0 || to < from || to - from > 4096) {
                    return List.of();
                }
                for (int c = from; c <= to; c++) {
                    out.add(c);
                }
            }
        } catch (NumberFormatException malformed) {
            return List.of();
        }
        return out.stream().distinct().sorted().toList();
    }

    /**
     * The CPUs of worker {@code index} (0-based) when each of {@code workers} workers gets {@code threads} CPUs of
     * its own; empty when they do not fit (or the CPUs are unknown).
     */
    Optional<List<Integer>> cpusOf(int index, int workers, int threads) {
        if (cpus.isEmpty() || threads < 1 || (long) workers * threads > cpus.size() || index < 0 || index >= workers) {
            return Optional.empty();
        }
        return Optional.of(cpus.subList(index * threads, (index + 1) * threads));
    }

    /** The command prefix that runs a program on these CPUs: {@code taskset -c 0,1}. */
    static List<String> prefix(List<Integer> cpus) {
        return List.of("taskset", "-c", cpus.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
}
