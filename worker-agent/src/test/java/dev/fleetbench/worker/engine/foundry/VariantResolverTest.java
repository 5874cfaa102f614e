package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Alias → variant (spec §5.2) as pure unit tests: the legacy SDKs' own test cases, and the NPU+GPU+CPU, GPU+CPU and
 * CPU-only variant sets with and without {@code --device}, on Windows and elsewhere.
 */
class VariantResolverTest {

    private static CatalogEntry e(String id, String alias) {
        CatalogEntry fromId = CatalogEntry.fromIdOnly(id);
        return new CatalogEntry(id, alias, -1, fromId.deviceType(), fromId.executionProvider(), 1000, null, null, null,
                null, 0, null);
    }

    private static String pick(List<CatalogEntry> catalog, String input, DeviceType device, boolean windows) {
        return VariantResolver.resolve(catalog, input, device, windows).map(m -> m.entry().id()).orElse(null);
    }

    private static final List<CatalogEntry> NPU_GPU_CPU = List.of(
            e("phi-4-mini-instruct-qnn-npu:2", "phi-4-mini"), e("phi-4-mini-instruct-qnn-npu:1", "phi-4-mini"),
            e("Phi-4-mini-instruct-cuda-gpu:5", "phi-4-mini"), e("Phi-4-mini-instruct-generic-gpu:5", "phi-4-mini"),
            e("Phi-4-mini-instruct-generic-cpu:4", "phi-4-mini"));
    private static final List<CatalogEntry> GPU_CPU = List.of(
            e("qwen2.5-0.5b-instruct-generic-gpu:4", "qwen2.5-0.5b"), e("qwen2.5-0.5b-instruct-generic-cpu:4", "qwen2.5-0.5b"));
    private static final List<CatalogEntry> CPU_ONLY = List.of(e("deepseek-r1-7b-generic-cpu:3", "deepseek-r1-7b"));

    @Test
    void sdkCaseCudaWinsOverGenericGpuAndCpu() {
        List<CatalogEntry> c = List.of(e("m-cuda-gpu:1", "m"), e("m-generic-gpu:1", "m"), e("m-generic-cpu:1", "m"));
        assertThat(pick(c, "m", null, false)).isEqualTo("m-cuda-gpu:1");
        assertThat(pick(c, "m", null, true)).isEqualTo("m-cuda-gpu:1");
    }

    @Test
    void sdkCaseGenericGpuWithoutCudaIsCpuOnWindowsOnly() {
        List<CatalogEntry> c = List.of(e("m-generic-gpu:1", "m"), e("m-generic-cpu:1", "m"));
        assertThat(pick(c, "m", null, false)).isEqualTo("m-generic-gpu:1");
        VariantResolver.Match win = VariantResolver.resolve(c, "m", null, true).orElseThrow();
        assertThat(win.entry().id()).isEqualTo("m-generic-cpu:1");
        assertThat(win.rule()).isEqualTo(VariantChoice.Rule.WINDOWS_GENERIC_GPU_TO_CPU);
        // asking for the GPU explicitly keeps it, on Windows too
        assertThat(pick(c, "m", DeviceType.GPU, true)).isEqualTo("m-generic-gpu:1");
    }

    @Test
    void sdkCaseHighestNpuVersion() {
        List<CatalogEntry> c = List.of(e("m-npu:2", "m"), e("m-npu:1", "m"), e("m-generic-cpu:1", "m"));
        assertThat(pick(c, "m", null, false)).isEqualTo("m-npu:2");
        assertThat(pick(c, "m-npu", null, false)).isEqualTo("m-npu:2"); // id without version → highest version
        assertThat(VariantResolver.resolve(c, "m-npu", null, false).orElseThrow().rule())
                .isEqualTo(VariantChoice.Rule.HIGHEST_VERSION);
        assertThat(pick(c, "M-NPU:1", null, false)).isEqualTo("m-npu:1"); // exact id, any case
    }

    @Test
    void cudaOverrideForGenericGpuWhenTheCatalogHasCuda() {
        List<CatalogEntry> c = new ArrayList<>(GPU_CPU);
        c.add(e("other-cuda-gpu:1", "other"));
        VariantResolver.Match m = VariantResolver.resolve(c, "qwen2.5-0.5b", null, true).orElseThrow();
        // the override also keeps the Windows rule from switching to CPU
        assertThat(m.entry().id()).isEqualTo("qwen2.5-0.5b-instruct-generic-gpu:4");
        assertThat(m.epOverride()).isEqualTo("cuda");
        assertThat(VariantResolver.resolve(GPU_CPU, "qwen2.5-0.5b", null, false).orElseThrow().epOverride()).isNull();
    }

    @Test
    void npuGpuCpuSet() {
        assertThat(pick(NPU_GPU_CPU, "phi-4-mini", null, false)).isEqualTo("phi-4-mini-instruct-qnn-npu:2");
        assertThat(pick(NPU_GPU_CPU, "PHI-4-MINI", DeviceType.GPU, false)).isEqualTo("Phi-4-mini-instruct-cuda-gpu:5");
        assertThat(pick(NPU_GPU_CPU, "phi-4-mini", DeviceType.CPU, true)).isEqualTo("Phi-4-mini-instruct-generic-cpu:4");
        assertThat(pick(NPU_GPU_CPU, "phi-4-mini", DeviceType.NPU, true)).isEqualTo("phi-4-mini-instruct-qnn-npu:2");
    }

    @Test
    void gpuCpuSet() {
        assertThat(pick(GPU_CPU, "qwen2.5-0.5b", null, false)).isEqualTo("qwen2.5-0.5b-instruct-generic-gpu:4");
        assertThat(pick(GPU_CPU, "qwen2.5-0.5b", null, true)).isEqualTo("qwen2.5-0.5b-instruct-generic-cpu:4");
        assertThat(pick(GPU_CPU, "qwen2.5-0.5b", DeviceType.NPU, false)).isNull();
        assertThat(VariantResolver.devicesOf(GPU_CPU, "qwen2.5-0.5b")).containsExactly(DeviceType.GPU, DeviceType.CPU);
    }

    @Test
    void cpuOnlySet() {
        assertThat(pick(CPU_ONLY, "deepseek-r1-7b", null, true)).isEqualTo("deepseek-r1-7b-generic-cpu:3");
        assertThat(pick(CPU_ONLY, "deepseek-r1-7b", DeviceType.GPU, false)).isNull();
        assertThat(pick(CPU_ONLY, "no-such-model", null, false)).isNull();
    }

    @Test
    void theChoiceCarriesTheHardwareProfileAndFlagsAMissingDevice() {
        VariantResolver.Match m = VariantResolver.resolve(NPU_GPU_CPU, "phi-4-mini", null, false).orElseThrow();
        var desktop = Fixtures.intelDesktop();
        VariantChoice choice = new VariantChoice("phi-4-mini", null, m.entry(), m.rule(), m.epOverride(),
                HardwareMatch.summary(desktop), HardwareMatch.shows(desktop, m.entry().deviceType()));
        assertThat(choice.deviceInProfile()).isEqualTo(!desktop.npus().isEmpty());
        assertThat(choice.describe()).contains("phi-4-mini-instruct-qnn-npu:2").contains("QNNExecutionProvider")
                .contains(desktop.profileHash());
        if (desktop.npus().isEmpty()) {
            assertThat(choice.describe()).contains("WARNING: the hardware profile shows no NPU");
        }
        assertThat(HardwareMatch.shows(Fixtures.snapdragonLaptop(), DeviceType.NPU)).isTrue();
        assertThat(HardwareMatch.shows(null, DeviceType.NPU)).isTrue();
    }
}
