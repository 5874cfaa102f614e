package dev.fleetbench.coordinator.domain.placement;

import static dev.fleetbench.coordinator.testing.Machines.GB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.coordinator.domain.campaign.MachineSelector;
import dev.fleetbench.coordinator.testing.Machines;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private final MachineView laptop = Machines.laptop("w-laptop", Map.of("room", "b12"));
    private final MachineView desktop = Machines.desktop("w-desk", Map.of("room", "a01"));

    @Test
    void anAliasRunsItsBestVariantForTheMachinesDevices() {
        assertThat(Placement.decide("phi-4-mini", Set.of(), laptop).variant()).isEqualTo(Machines.PHI_NPU);
        assertThat(Placement.decide("phi-4-mini", Set.of(), desktop).variant()).isEqualTo(Machines.PHI_CPU);
        assertThat(Placement.decide("phi-4-mini", Set.of(DeviceType.GPU), laptop).variant()).isEqualTo(Machines.PHI_GPU);
        assertThat(Placement.decide("PHI-4-MINI-INSTRUCT-GENERIC-CPU:4", Set.of(), laptop).variant())
                .as("an exact id, case-insensitive").isEqualTo(Machines.PHI_CPU);
    }

    @Test
    void whyAModelDoesNotFit() {
        assertThat(Placement.decide("llama-70b", Set.of(), desktop).reason())
                .isEqualTo("'llama-70b' is not in this worker's catalog");
        assertThat(Placement.decide("phi-4-mini", Set.of(DeviceType.NPU), desktop).reason())
                .isEqualTo("no variant of 'phi-4-mini' for this machine's devices (); the catalog has CPU");
        // 28 GB x 1.2 + 0.27 GB > 9 GiB available
        assertThat(Placement.decide("phi-4", Set.of(), laptop).reason())
                .isEqualTo("Phi-4-generic-cpu:1 needs about 33.9 GB (28.0 GB file × 1.2 + 0.27 GB), 9.7 GB available");
        assertThat(Placement.decide("phi-4-mini", Set.of(), Machines.smallDesktop("w-small", 3 * GB)).runnable()).isFalse();
        assertThat(Placement.decide("stories260K", Set.of(), Machines.smallDesktop("w-small", 3 * GB)).runnable()).isTrue();
    }

    @Test
    void selectors() {
        assertThat(Placement.selects(MachineSelector.ALL, laptop)).isTrue();
        assertThat(Placement.selects(selector(Map.of("room", "b12"), List.of(), 0, Set.of()), laptop)).isTrue();
        assertThat(Placement.selects(selector(Map.of("room", "b12"), List.of(), 0, Set.of()), desktop)).isFalse();
        assertThat(Placement.selects(selector(Map.of(), List.of("intel-*"), 0, Set.of()), desktop)).isTrue();
        assertThat(Placement.selects(selector(Map.of(), List.of("intel-*"), 0, Set.of()), laptop)).isFalse();
        assertThat(Placement.selects(selector(Map.of(), List.of("*/npu:qualcomm/*"), 0, Set.of()), laptop)).isTrue();
        assertThat(Placement.selects(selector(Map.of(), List.of(), 32, Set.of()), desktop)).isTrue();
        assertThat(Placement.selects(selector(Map.of(), List.of(), 32, Set.of()), laptop)).isFalse();
        assertThat(Placement.selects(selector(Map.of(), List.of(), 0, Set.of(DeviceType.NPU)), laptop)).isTrue();
        assertThat(Placement.selects(selector(Map.of(), List.of(), 0, Set.of(DeviceType.NPU)), desktop)).isFalse();
        assertThat(Placement.selects(new MachineSelector(Map.of(), List.of(), 0, Set.of(), List.of("w-desk")), laptop)).isFalse();
    }

    @Test
    void globsAreLiteralExceptTheStar() {
        assertThat(Placement.glob("a.b*").matcher("a.bcd").matches()).isTrue();
        assertThat(Placement.glob("a.b*").matcher("axbcd").matches()).isFalse();
    }

    private static MachineSelector selector(Map<String, String> labels, List<String> classes, int ram, Set<DeviceType> d) {
        return new MachineSelector(labels, classes, ram, d, List.of());
    }
}
