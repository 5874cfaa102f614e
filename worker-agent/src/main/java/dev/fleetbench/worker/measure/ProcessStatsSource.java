package dev.fleetbench.worker.measure;

import java.util.Optional;

/** Reads a process's resource use; an edge (OS access), replaced by a fake in tests. */
@FunctionalInterface
public interface ProcessStatsSource {

    /** The current reading, or empty when the process is gone or cannot be read. Never throws. */
    Optional<ProcessStats> read(long pid);
}
