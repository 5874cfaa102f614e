package dev.fleetbench.worker.measure;

/**
 * Resource use of one process over a measuring window.
 *
 * @param peakRssBytes  highest resident set size seen; null when the process could not be read
 * @param avgCpuPercent CPU time over wall time × 100 (100 = one core busy); null when unknown
 */
public record ResourceUsage(Long peakRssBytes, Double avgCpuPercent) {

    public static final ResourceUsage UNKNOWN = new ResourceUsage(null, null);
}
