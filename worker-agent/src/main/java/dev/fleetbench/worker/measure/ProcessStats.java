package dev.fleetbench.worker.measure;

/**
 * One reading of a process's resource use.
 *
 * @param rssBytes   resident set size in bytes
 * @param cpuNanos   CPU time (user + kernel) consumed since the process started, in nanoseconds
 */
public record ProcessStats(long rssBytes, long cpuNanos) {
}
