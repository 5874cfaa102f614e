package dev.fleetbench.worker.engine;

/**
 * Outcome of a download request.
 *
 * @param alreadyCached true when nothing had to be downloaded
 * @param bytes         bytes downloaded; null when unknown or nothing was downloaded
 */
public record DownloadResult(boolean alreadyCached, Long bytes) {
}
