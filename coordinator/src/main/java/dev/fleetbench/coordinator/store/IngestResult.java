package dev.fleetbench.coordinator.store;

import java.util.Map;

/**
 * What storing a batch of samples did.
 *
 * @param stored         samples stored now
 * @param duplicates     samples already stored (same id), ignored
 * @param setAside       measured samples stored but set aside because their cell already had its planned count
 * @param measuredCounts for every cell the batch touched: its measured samples that count (not set aside)
 */
public record IngestResult(int stored, int duplicates, int setAside, Map<String, Integer> measuredCounts) {

    public IngestResult {
        measuredCounts = Map.copyOf(measuredCounts);
    }
}
