package dev.fleetbench.coordinator.domain.placement;

import dev.fleetbench.common.hardware.HardwareClass;
import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelVariant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What placement knows about one worker: its machine, labels and the variants its engine offers (best first).
 *
 * @param workerId worker id
 * @param hardware the machine
 * @param labels   labels from the agent's config
 * @param catalog  the engine's variants in the engine's order (best first)
 * @param cached   ids of the variants cached on the machine
 */
public record MachineView(String workerId, HardwareProfile hardware, Map<String, String> labels,
                          List<ModelVariant> catalog, Set<String> cached) {

    public MachineView {
        labels = Map.copyOf(labels);
        catalog = List.copyOf(catalog);
        cached = Set.copyOf(cached);
    }

    public HardwareClass hardwareClass() {
        return HardwareClassifier.classify(hardware);
    }

    /** The devices the machine has: the CPU always, a GPU or NPU when the probe saw one. */
    public Set<DeviceType> devices() {
        Set<DeviceType> d = EnumSet.of(DeviceType.CPU);
        if (!hardware.gpus().isEmpty()) {
            d.add(DeviceType.GPU);
        }
        if (!hardware.npus().isEmpty()) {
            d.add(DeviceType.NPU);
        }
        return d;
    }
}
