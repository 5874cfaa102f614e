package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.GpuInfo;
import org.junit.jupiter.api.Test;

/** OSHI graphics-card fields as each OS reports them. */
class GpuParserTest {

    private static final long GIB = 1L << 30;

    @Test
    void windowsNvidiaWithDriverVersionPrefix() {
        assertThat(GpuParser.of("NVIDIA GeForce RTX 4070", "NVIDIA", 12 * GIB, "DriverVersion=32.0.15.6094",
                32 * GIB)).isEqualTo(new GpuInfo("NVIDIA GeForce RTX 4070", "nvidia", 12 * GIB, "32.0.15.6094"));
    }

    @Test
    void windowsAdrenoWithUnknownMemory() {
        assertThat(GpuParser.of("Snapdragon(R) X Elite - X1E78100 - Qualcomm(R) Adreno(TM) GPU",
                "Qualcomm Technologies, Inc.", 0, "DriverVersion=31.0.96.0", 16 * GIB))
                .isEqualTo(new GpuInfo("Snapdragon(R) X Elite - X1E78100 - Qualcomm(R) Adreno(TM) GPU", "qualcomm", 0,
                        "31.0.96.0"));
    }

    @Test
    void appleUnifiedMemoryIsNotVram() {
        assertThat(GpuParser.of("Apple M2", "Apple", 16 * GIB, "Revision ID: 0x0000, Metal: Metal 3", 16 * GIB))
                .isEqualTo(new GpuInfo("Apple M2", "apple", 0, "Revision ID: 0x0000, Metal: Metal 3"));
    }

    @Test
    void linuxUnknownsBecomeNull() {
        assertThat(GpuParser.of("Alder Lake-S GT1 [UHD Graphics 770]", "Intel Corporation (0x8086)", 256L << 20,
                "unknown", 32 * GIB)).isEqualTo(new GpuInfo("Alder Lake-S GT1 [UHD Graphics 770]", "intel", 256L << 20,
                null));
        assertThat(GpuParser.driverVersion("ProviderName=Intel Corporation DriverVersion=32.0.101.5768 extra"))
                .isEqualTo("32.0.101.5768");
        assertThat(GpuParser.driverVersion(null)).isNull();
    }
}
