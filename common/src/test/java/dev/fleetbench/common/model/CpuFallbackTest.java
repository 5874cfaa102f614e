package dev.fleetbench.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuFallbackTest {

    @Test
    void anAcceleratorAsBusyAsTheCpuVariantIsSuspectedAndAnIdleOneIsNot() {
        assertThat(CpuFallback.suspected(DeviceType.NPU, 380.0, 400.0)).isTrue();   // full fallback
        assertThat(CpuFallback.suspected(DeviceType.NPU, 200.0, 400.0)).isTrue();   // half: partial fallback
        assertThat(CpuFallback.suspected(DeviceType.NPU, 199.0, 400.0)).isFalse();
        assertThat(CpuFallback.suspected(DeviceType.GPU, 60.0, 400.0)).isFalse();   // the host feeds the GPU
        assertThat(CpuFallback.suspected(DeviceType.CPU, 400.0, 400.0)).isFalse();  // a CPU variant cannot fall back
    }

    @Test
    void withoutBothFiguresThereIsNoVerdict() {
        assertThat(CpuFallback.suspected(DeviceType.NPU, null, 400.0)).isNull();
        assertThat(CpuFallback.suspected(DeviceType.NPU, 300.0, null)).isNull();
        assertThat(CpuFallback.suspected(DeviceType.NPU, 300.0, 0.0)).isNull();
        assertThat(CpuFallback.suspected(null, 300.0, 400.0)).isNull();
        DeviceTruth t = new DeviceTruth(DeviceType.NPU, "QNNExecutionProvider", DeviceType.NPU, "QNNExecutionProvider",
                "catalog", null, null, null).withDecodeCpu(390.0, 400.0);
        assertThat(t.suspectedCpuFallback()).isTrue();
        assertThat(t.decodeCpuPercent()).isEqualTo(390.0);
        assertThat(t.cpuReferencePercent()).isEqualTo(400.0);
    }
}
