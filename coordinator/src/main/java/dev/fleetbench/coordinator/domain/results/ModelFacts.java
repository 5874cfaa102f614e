package dev.fleetbench.coordinator.domain.results;

/**
 * Per-lease figures of one model variant on one hardware class (metrics.md "per lease"), reported apart from the
 * requests.
 *
 * @param peakRssBytes  the highest engine peak RSS reported; null if unknown
 * @param loadMs        median load time; null if unknown
 * @param coldTtftMs    median TTFT of the first request after load; null if unknown
 */
public record ModelFacts(Long peakRssBytes, Double loadMs, Double coldTtftMs) {

    public static final ModelFacts UNKNOWN = new ModelFacts(null, null, null);
}
