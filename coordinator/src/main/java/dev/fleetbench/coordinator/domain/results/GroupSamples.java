package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.model.Sample;
import java.util.List;

/**
 * One page of the samples of one group (the drill-down behind a heatmap cell).
 *
 * @param total   samples of the group in all pages
 * @param samples this page's samples, in arrival order
 */
public record GroupSamples(long total, List<Sample> samples) {

    public GroupSamples {
        samples = List.copyOf(samples);
    }
}
