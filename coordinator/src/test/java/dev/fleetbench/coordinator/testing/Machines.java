package dev.fleetbench.coordinator.testing;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.coordinator.domain.placement.MachineView;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Machines and catalogs for coordinator tests. */
public final class Machines {

    public static final long GB = 1_000_000_000L;
    public static final ModelVariant PHI_NPU = new ModelVariant("Phi-4-mini-instruct-qnn-npu:2", "phi-4-mini",
            DeviceType.NPU, "QNNExecutionProvider", (long) (2.8 * GB), 3_800_000_000L, "int4");
    public static final ModelVariant PHI_GPU = new ModelVariant("Phi-4-mini-instruct-generic-gpu:5", "phi-4-mini",
            DeviceType.GPU, "WebGpuExecutionProvider", (long) (3.7 * GB), 3_800_000_000L, "int4");
    public static final ModelVariant PHI_CPU = new ModelVariant("Phi-4-mini-instruct-generic-cpu:4", "phi-4-mini",
            DeviceType.CPU, "CPUExecutionProvider", (long) (4.8 * GB), 3_800_000_000L, "int4");
    public static final ModelVariant PHI4_CPU = new ModelVariant("Phi-4-generic-cpu:1", "phi-4",
            DeviceType.CPU, "CPUExecutionProvider", 28 * GB, 14_000_000_000L, "int4");
    public static final ModelVariant STORIES = new ModelVariant("stories260K", "stories260k", DeviceType.CPU,
            "llama.cpp-cpu", 1_185_376, 292_800, "F32");

    private Machines() {
    }

    /** The Snapdragon laptop of the common fixtures (9 GiB available), Foundry catalog best first. */
    public static MachineView laptop(String id, Map<String, String> labels) {
        return new MachineView(id, Fixtures.snapdragonLaptop(), labels,
                List.of(PHI_NPU, PHI_GPU, PHI_CPU, PHI4_CPU), Set.of(PHI_NPU.id()));
    }

    /** The CPU-only Intel desktop (28 GiB available). */
    public static MachineView desktop(String id, Map<String, String> labels) {
        return new MachineView(id, Fixtures.intelDesktop(), labels, List.of(PHI_CPU, PHI4_CPU, STORIES), Set.of());
    }

    /** A desktop with little free memory. */
    public static MachineView smallDesktop(String id, long availableBytes) {
        HardwareProfile p = Fixtures.intelDesktop();
        HardwareProfile small = new HardwareProfile(p.machineId(), p.hostname(), p.os(), p.cpu(),
                new MemoryInfo(8L << 30, availableBytes), p.gpus(), p.npus(), p.power(), p.notes());
        return new MachineView(id, small, Map.of(), List.of(PHI_CPU, STORIES), Set.of());
    }
}
