package dev.fleetbench.coordinator.domain.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.ModelVariant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The acceleration view on hand-computed cases (figures in the comments). */
class AccelerationTest {

    static final ModelVariant CPU = variant("phi-cpu:1", DeviceType.CPU);
    static final ModelVariant NPU = variant("phi-npu:1", DeviceType.NPU);
    static final ModelVariant GPU = variant("phi-gpu:1", DeviceType.GPU);
    static final Map<String, ModelVariant> CATALOG = Map.of(CPU.id(), CPU, NPU.id(), NPU, GPU.id(), GPU);

    static ModelVariant variant(String id, DeviceType d) {
        return new ModelVariant(id, "phi", d, d == DeviceType.CPU ? "CPUExecutionProvider" : "QNNExecutionProvider",
                2_000_000_000L, 3_800_000_000L, "int4");
    }

    static GroupValues group(String cls, String worker, String model, String prompt, double... values) {
        Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
        keys.put(Dimension.HARDWARE_CLASS, cls);
        keys.put(Dimension.WORKER, worker);
        keys.put(Dimension.MODEL, model);
        keys.put(Dimension.PROMPT, prompt);
        return new GroupValues(keys, values, Map.of());
    }

    @Test
    void theNpuVariantIsComparedWithTheCpuVariantOfItsAliasOnTheSameMachineAndPrompt() {
        // decode: the NPU runs exactly twice as fast. The 25 ratios npu/cpu sorted have median 2.0; with 5 + 5 values
        // the exact 95 % interval is [d(3), d(23)] = [21/12, 24/10.5] = [1.75, 2.2857]
        List<GroupValues> decode = List.of(
                group("c1", "w1", CPU.id(), "p", 10, 10.5, 11, 11.5, 12),
                group("c1", "w1", NPU.id(), "p", 20, 21, 22, 23, 24),
                group("c1", "w2", GPU.id(), "p", 50, 50, 50));    // no CPU variant on w2: nothing to compare with
        // TTFT: the NPU answers in half the time: median ratio 0.5, interval [0.4375, 0.5714]
        List<GroupValues> ttft = List.of(
                group("c1", "w1", CPU.id(), "p", 200, 210, 220, 230, 240),
                group("c1", "w1", NPU.id(), "p", 100, 105, 110, 115, 120));
        List<Acceleration.Row> rows = Acceleration.of(decode, ttft, CATALOG);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.hardwareClass()).isEqualTo("c1");
            assertThat(r.model()).isEqualTo("phi");
            assertThat(r.device()).isEqualTo(DeviceType.NPU);
            assertThat(r.variant()).isEqualTo(NPU.id());
            assertThat(r.cpuVariant()).isEqualTo(CPU.id());
            assertThat(r.machines()).isEqualTo(1);
            assertThat(r.decodeSpeedup().medianRatio()).isCloseTo(2.0, within(1e-9));
            assertThat(r.decodeSpeedup().estimate()).isCloseTo(2.0, within(1e-9));
            assertThat(r.decodeSpeedup().ciLow()).isCloseTo(1.75, within(1e-9));
            assertThat(r.decodeSpeedup().ciHigh()).isCloseTo(24 / 10.5, within(1e-9));
            assertThat(r.decodeSpeedup().n()).isEqualTo(5);
            assertThat(r.decodeSpeedup().nCpu()).isEqualTo(5);
            assertThat(r.ttftRatio().estimate()).isCloseTo(0.5, within(1e-9));
            assertThat(r.ttftRatio().ciLow()).isCloseTo(0.4375, within(1e-9));
            assertThat(r.ttftRatio().ciHigh()).isCloseTo(120 / 210.0, within(1e-9));
        });
    }

    @Test
    void suspectedCpuFallbacksOfTheAcceleratorAreCountedOnlyInTheCellsCompared() {
        List<GroupValues> decode = List.of(
                group("c1", "w1", CPU.id(), "p", 10, 11, 12),
                group("c1", "w1", NPU.id(), "p", 20, 22, 24),
                group("c1", "w1", NPU.id(), "q", 20, 22, 24));    // no CPU variant on q: not compared
        List<AggregateRow> counts = List.of(
                count("c1", "w1", NPU.id(), "p", 2),
                count("c1", "w1", NPU.id(), "q", 3),               // outside the comparison: left out
                count("c1", "w1", CPU.id(), "p", 0));
        assertThat(Acceleration.of(decode, List.of(), CATALOG, counts)).singleElement()
                .satisfies(r -> assertThat(r.suspectedCpuFallback()).isEqualTo(2));
        assertThat(Acceleration.of(decode, List.of(), CATALOG)).singleElement()
                .satisfies(r -> assertThat(r.suspectedCpuFallback()).isZero());
    }

    static AggregateRow count(String cls, String worker, String model, String prompt, int flagged) {
        Map<Dimension, String> keys = group(cls, worker, model, prompt).keys();
        return new AggregateRow(keys, "foundry", "2.0", "ep", "v1", 1, 3, 0, Map.of(), null, 1, flagged);
    }

    @Test
    void variantsOnDifferentMachinesOrPromptsAreNeverPaired() {
        List<GroupValues> decode = List.of(
                group("c1", "w1", CPU.id(), "p", 10, 11, 12),
                group("c1", "w2", NPU.id(), "p", 20, 22, 24),     // another machine
                group("c1", "w1", GPU.id(), "q", 30, 33, 36));    // another prompt
        assertThat(Acceleration.of(decode, List.of(), CATALOG)).isEmpty();
    }

    @Test
    void threeValuesASideGiveARatioButNoInterval() {
        // P(U = 0) = 1/20 = 0.05 > 0.025: no pair of order statistics covers 95 %
        List<GroupValues> decode = List.of(
                group("c1", "w1", CPU.id(), "p", 10, 11, 12),
                group("c1", "w1", GPU.id(), "p", 30, 33, 36));
        assertThat(Acceleration.of(decode, List.of(), CATALOG)).singleElement().satisfies(r -> {
            assertThat(r.device()).isEqualTo(DeviceType.GPU);
            assertThat(r.decodeSpeedup().estimate()).isCloseTo(3.0, within(1e-9));
            assertThat(r.decodeSpeedup().ciLow()).isNull();
            assertThat(r.ttftRatio()).isNull();
        });
    }
}
