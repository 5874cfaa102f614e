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
        // an integrated GPU's 256 MiB aperture is main memory: 0 dedicated VRAM
        assertThat(GpuParser.of("Alder Lake-S GT1 [UHD Graphics 770]", "Intel Corporation (0x8086)", 256L << 20,
                "unknown", 32 * GIB)).isEqualTo(new GpuInfo("Alder Lake-S GT1 [UHD Graphics 770]", "intel", 0, null));
        assertThat(GpuParser.driverVersion("ProviderName=Intel Corporation DriverVersion=32.0.101.5768 extra"))
                .isEqualTo("32.0.101.5768");
        assertThat(GpuParser.driverVersion(null)).isNull();
    }

    /** Names and AdapterRAM figures as OSHI reports them on Windows 11 (WMI Win32_VideoController / registry). */
    @Test
    void windowsIntegratedGpusReportVramButShareMainMemory() {
        assertThat(GpuParser.of("Intel(R) UHD Graphics 770", "Intel Corporation", GIB, "DriverVersion=31.0.101.4502",
                32 * GIB).vramBytes()).isZero();
        assertThat(GpuParser.of("Intel(R) Iris(R) Xe Graphics", "Intel Corporation", 2 * GIB,
                "DriverVersion=31.0.101.5333", 16 * GIB).vramBytes()).isZero();
        assertThat(GpuParser.of("Intel(R) Arc(TM) Graphics", "Intel Corporation", 128L << 20,
                "DriverVersion=32.0.101.5768", 32 * GIB).vramBytes()).as("Meteor Lake's iGPU").isZero();
        assertThat(GpuParser.of("AMD Radeon(TM) Graphics", "Advanced Micro Devices, Inc.", 512L << 20,
                "DriverVersion=31.0.21921.1000", 16 * GIB).vramBytes()).isZero();
        assertThat(GpuParser.of("AMD Radeon 780M Graphics", "Advanced Micro Devices, Inc.", 2 * GIB,
                "DriverVersion=31.0.24002.92", 32 * GIB).vramBytes()).isZero();
    }

    @Test
    void discreteGpusKeepTheirVram() {
        assertThat(GpuParser.of("Intel(R) Arc(TM) A770 Graphics", "Intel Corporation", 16 * GIB,
                "DriverVersion=32.0.101.5768", 32 * GIB).vramBytes()).isEqualTo(16 * GIB);
        assertThat(GpuParser.of("Intel(R) Arc(TM) B580 Graphics", "Intel Corporation", 12 * GIB, "", 32 * GIB)
                .vramBytes()).isEqualTo(12 * GIB);
        assertThat(GpuParser.of("AMD Radeon RX 7600", "Advanced Micro Devices, Inc.", 8 * GIB, "", 32 * GIB)
                .vramBytes()).isEqualTo(8 * GIB);
        assertThat(GpuParser.of("AMD Radeon(TM) RX 6500M", "Advanced Micro Devices, Inc.", 4 * GIB, "", 16 * GIB)
                .vramBytes()).isEqualTo(4 * GIB);
    }
}
