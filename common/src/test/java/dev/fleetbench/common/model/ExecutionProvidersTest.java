package dev.fleetbench.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecutionProvidersTest {

    @ParameterizedTest
    @CsvSource({
        // the catalog's and the 2.x source's spellings, and the 2.0 validation plan's EP column
        "CPUExecutionProvider, cpu, CPU",
        "cpu, cpu, CPU",
        "CUDAExecutionProvider, cuda, GPU",
        "CudaExecutionProvider, cuda, GPU",
        "WebGpuExecutionProvider, webgpu, GPU",
        "WebGPUExecutionProvider, webgpu, GPU",
        "webgpu, webgpu, GPU",
        "DmlExecutionProvider, winml-dml, GPU",
        "DirectMLExecutionProvider, winml-dml, GPU",
        "winml-dml, winml-dml, GPU",
        "npu-winml, npu-winml, NPU",
        "coreml-metal, coreml-metal, GPU",
        "CoreMLExecutionProvider, coreml-metal, GPU",
        "QNNExecutionProvider, qnn, NPU",
        "VitisAIExecutionProvider, vitisai, NPU",
        "RyzenAIExecutionProvider, ryzenai, NPU",
        "RyzenAILightExecutionProvider, ryzenai, NPU",
        "NvTensorRTRTXExecutionProvider, tensorrt-rtx, GPU",
        "NvTensorRtRtx, tensorrt-rtx, GPU",
        "MIGraphXExecutionProvider, migraphx, GPU",
    })
    void everyProviderOfThe2xPlanAndCatalogIsUnderstood(String name, String key, DeviceType device) {
        ExecutionProviders.Info i = ExecutionProviders.of(name);
        assertThat(i.known()).isTrue();
        assertThat(i.key()).isEqualTo(key);
        assertThat(i.device()).isEqualTo(device);
    }

    @Test
    void openVinoDrivesSeveralDevicesAndUnknownNamesStayAsTheyAre() {
        assertThat(ExecutionProviders.of("OpenVINOExecutionProvider").device()).isNull();
        assertThat(ExecutionProviders.of("OpenVINOExecutionProvider").label()).isEqualTo("Intel OpenVINO");
        ExecutionProviders.Info unknown = ExecutionProviders.of("FancyExecutionProvider");
        assertThat(unknown.known()).isFalse();
        assertThat(unknown.label()).isEqualTo("FancyExecutionProvider");
        assertThat(ExecutionProviders.of(" ")).isNull();
        assertThat(ExecutionProviders.label(null)).isEqualTo("-");
        assertThat(ExecutionProviders.label("DmlExecutionProvider")).isEqualTo("DirectML through WinML");
        assertThat(ExecutionProviders.label("ExecutionProvider")).isEqualTo("ExecutionProvider");
    }
}
