package dev.fleetbench.coordinator.domain.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpecParser;
import dev.fleetbench.coordinator.testing.Machines;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatrixExpanderTest {

    private static final CampaignSpec SPEC = CampaignSpecParser.parse("""
            {"name": "t", "models": ["phi-4-mini", "phi-4", "stories260K"], "repetitions": 4,
             "prompts": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}]}""", false);

    @Test
    void everyModelPromptAndMachineIsACellAndUnitsGroupAModelOnAMachine() {
        Matrix m = MatrixExpander.expand("c1", SPEC, List.of(Machines.laptop("w1", Map.of()), Machines.desktop("w2", Map.of())));
        assertThat(m.cells()).hasSize(3 * 2 * 2);
        // phi-4-mini on both, phi-4 nowhere (33.9 GB needed), stories260K on the desktop only
        assertThat(m.units()).extracting(u -> u.variant().id() + "@" + u.workerId()).containsExactly(
                "Phi-4-mini-instruct-qnn-npu:2@w1", "Phi-4-mini-instruct-generic-cpu:4@w2", "stories260K@w2");
        assertThat(m.units().get(0).cells()).extracting(UnitCell::planned).containsExactly(4, 4);
        List<Cell> dnf = m.cells().stream().filter(c -> c.status() == CellStatus.DOES_NOT_FIT).toList();
        assertThat(dnf).extracting(c -> c.model() + "@" + c.workerId())
                .containsExactlyInAnyOrder("phi-4@w1", "phi-4@w1", "phi-4@w2", "phi-4@w2", "stories260K@w1", "stories260K@w1");
        assertThat(dnf).extracting(Cell::reason).contains("'stories260K' is not in this worker's catalog");
        assertThat(m.notes()).containsExactly("'phi-4' cannot run on any selected machine");
    }

    @Test
    void aDevicesCampaignPlacesEveryDeviceVariantAsCellsOfItsOwnAndSaysWhyOneIsNotPlaced() {
        CampaignSpec spec = CampaignSpecParser.parse("""
            {"name": "t", "models": ["phi-4-mini", "phi-4"], "devices": ["npu", "cpu"], "repetitions": 2,
             "prompts": [{"id": "a", "text": "A"}]}""", false);
        assertThat(spec.devices()).containsExactly(DeviceType.NPU, DeviceType.CPU);
        Matrix m = MatrixExpander.expand("c1", spec, List.of(Machines.laptop("w1", Map.of()),
                Machines.desktop("w2", Map.of())));
        assertThat(m.cells()).hasSize(2 * 2 * 2);
        // the laptop runs both phi-4-mini variants side by side; phi-4 needs 33.9 GB and fits nowhere
        assertThat(m.units()).extracting(u -> u.variant().id() + "@" + u.workerId()).containsExactly(
                "Phi-4-mini-instruct-qnn-npu:2@w1", "Phi-4-mini-instruct-generic-cpu:4@w1",
                "Phi-4-mini-instruct-generic-cpu:4@w2");
        assertThat(m.cells()).extracting(Cell::id).doesNotHaveDuplicates();
        assertThat(m.units()).extracting(LeaseUnit::id).doesNotHaveDuplicates();
        assertThat(m.cells()).filteredOn(c -> c.status() == CellStatus.DOES_NOT_FIT).extracting(Cell::reason)
                .contains("this machine has no NPU (it has CPU)",
                        "this worker's catalog has no NPU variant of 'phi-4' (it has CPU)");
        assertThat(m.notes()).containsExactly("the NPU variant of 'phi-4' cannot run on any selected machine",
                "the CPU variant of 'phi-4' cannot run on any selected machine");
    }

    @Test
    void aDevicesListNamesKnownDevicesOnce() {
        assertThatThrownBy(() -> CampaignSpecParser.parse("{\"name\":\"t\",\"models\":[\"m\"],"
                + "\"devices\":[\"npu\",\"tpu\"]}", false)).hasMessageContaining("devices[1]")
                .hasMessageContaining("tpu");
        assertThatThrownBy(() -> CampaignSpecParser.parse("{\"name\":\"t\",\"models\":[\"m\"],"
                + "\"devices\":[\"npu\",\"NPU\"]}", false)).hasMessageContaining("devices[1]")
                .hasMessageContaining("twice");
    }

    @Test
    void cellIdsAreDeterministic() {
        Matrix a = MatrixExpander.expand("c1", SPEC, List.of(Machines.desktop("w2", Map.of())));
        Matrix b = MatrixExpander.expand("c1", SPEC, List.of(Machines.desktop("w2", Map.of())));
        assertThat(a.cells()).isEqualTo(b.cells());
        assertThat(MatrixExpander.expand("c2", SPEC, List.of(Machines.desktop("w2", Map.of()))).cells().get(0).id())
                .isNotEqualTo(a.cells().get(0).id());
    }

    @Test
    void anEmptySelectionIsNoted() {
        assertThat(MatrixExpander.expand("c1", SPEC, List.of()).notes()).containsExactly("no workers are connected");
        CampaignSpec only = CampaignSpecParser.parse("{\"name\":\"t\",\"models\":[\"llama-70b\"]}", false);
        assertThat(MatrixExpander.expand("c1", only, List.of(Machines.desktop("w2", Map.of()))).notes())
                .containsExactly("'llama-70b' cannot run on any selected machine");
    }
}
