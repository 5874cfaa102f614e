package dev.fleetbench.common.model;

/**
 * Main memory.
 *
 * @param totalBytes     physical memory in bytes; 0 if unknown
 * @param availableBytes memory available to new processes when probed, in bytes; 0 if unknown
 */
public record MemoryInfo(long totalBytes, long availableBytes) {
}
