package dev.fleetbench.common.hardware;

import static dev.fleetbench.common.testing.Fixtures.GIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.NpuInfo;
import dev.fleetbench.common.model.PowerInfo;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardwareClassifierTest {

    @Test
    void copilotLaptopOnAc() {
        HardwareClass c = HardwareClassifier.classify(Fixtures.snapdragonLaptop());
        assertThat(c.key()).isEqualTo("qualcomm-snapdragon-x-elite/12t/16gb/npu:qualcomm/windows/ac");
        assertThat(c.accelerator()).isEqualTo("npu:qualcomm");
        assertThat(c.ramGb()).isEqualTo(16);
    }

    @Test
    void desktopWithoutBatteryHasNoPowerPart() {
        HardwareClass c = HardwareClassifier.classify(Fixtures.intelDesktop());
        assertThat(c.key()).isEqualTo("intel-core-i7-gen12/20t/32gb/none/linux");
        assertThat(c.power()).isEqualTo("mains");
    }

    @Test
    void batteryIsAnotherClass() {
        HardwareProfile p = Fixtures.snapdragonLaptop();
        HardwareProfile onBattery = new HardwareProfile(p.machineId(), p.hostname(), p.os(), p.cpu(), p.memory(),
                p.gpus(), p.npus(), new PowerInfo(PowerSource.BATTERY, true, 40.0), p.notes());
        assertThat(HardwareClassifier.classify(onBattery).key()).endsWith("/battery");
        assertThat(HardwareClassifier.classify(onBattery)).isNotEqualTo(HardwareClassifier.classify(p));
    }

    @Test
    void ramIsRoundedToTheNearestStandardSize() {
        assertThat(HardwareClassifier.roundRamGb(0)).isZero();
        assertThat(HardwareClassifier.roundRamGb((long) (7.6 * GIB))).isEqualTo(8);
        assertThat(HardwareClassifier.roundRamGb((long) (15.4 * GIB))).isEqualTo(16);
        assertThat(HardwareClassifier.roundRamGb(24 * GIB)).isEqualTo(24);
        assertThat(HardwareClassifier.roundRamGb((long) (31.2 * GIB))).isEqualTo(32);
        assertThat(HardwareClassifier.roundRamGb((long) (63.5 * GIB))).isEqualTo(64);
        assertThat(HardwareClassifier.roundRamGb(128 * GIB)).isEqualTo(128);
    }

    @Test
    void npuOfAKnownVendorWinsOverGpusAndNvidiaWinsAmongGpus() {
        List<GpuInfo> gpus = List.of(new GpuInfo("Intel(R) Arc(TM) Graphics", "intel", 0, null),
                new GpuInfo("NVIDIA GeForce RTX 4060 Laptop GPU", "nvidia", 8 * GIB, "560.94"));
        assertThat(HardwareClassifier.accelerator(List.of(), gpus)).isEqualTo("gpu:nvidia");
        assertThat(HardwareClassifier.accelerator(
                List.of(new NpuInfo("Intel(R) AI Boost", "intel", "32.0.100.3104", "pnp")), gpus))
                .isEqualTo("npu:intel");
        assertThat(HardwareClassifier.accelerator(
                List.of(new NpuInfo("Apple Neural Engine", "apple", null, "apple-silicon")),
                List.of(new GpuInfo("Apple M2 Pro", "apple", 0, null)))).isEqualTo("gpu:apple");
        assertThat(HardwareClassifier.accelerator(List.of(), List.of())).isEqualTo("none");
    }

    @Test
    void vendorsAreNormalised() {
        assertThat(Vendors.cpuVendor("GenuineIntel", "Intel(R) Core(TM) i7")).isEqualTo("intel");
        assertThat(Vendors.cpuVendor("AuthenticAMD", "AMD Ryzen 7 7840U")).isEqualTo("amd");
        assertThat(Vendors.cpuVendor("ARM", "Snapdragon(R) X Elite")).isEqualTo("qualcomm");
        assertThat(Vendors.cpuVendor("Apple", "Apple M3")).isEqualTo("apple");
        assertThat(Vendors.cpuVendor(null, null)).isNull();
        assertThat(Vendors.acceleratorVendor("Advanced Micro Devices, Inc.", "AMD Radeon 780M")).isEqualTo("amd");
        assertThat(Vendors.acceleratorVendor(null, "NVIDIA GeForce RTX 4090")).isEqualTo("nvidia");
        assertThat(Vendors.acceleratorVendor(null, "Intel(R) AI Boost")).isEqualTo("intel");
    }
}
