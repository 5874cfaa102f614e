package dev.fleetbench.worker.bench;

import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.Sample;
import java.util.List;

/**
 * The result of a local {@code bench} run, and the JSON document of {@code bench --json FILE} (a contract other tools
 * rely on: extend, never rename).
 *
 * @param hardware the machine
 * @param engine   engine kind and version
 * @param phases   per model: download, load, cold request, memory, or why it could not run
 * @param samples  every request in order, cold and warm-ups included (flagged)
 */
public record BenchReport(HardwareProfile hardware, String engine, List<ModelPhases> phases, List<Sample> samples) {

    public BenchReport {
        phases = List.copyOf(phases);
        samples = List.copyOf(samples);
    }
}
