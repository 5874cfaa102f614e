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
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The class of every fixture machine, written down by hand from what the machine is (not from the code). */
class HardwareClassifierTest {

    static Stream<Arguments> machines() {
        return Stream.of(
                Arguments.of("Snapdragon X Elite laptop", (Supplier<HardwareProfile>) Fixtures::snapdragonLaptop,
                        "qualcomm-snapdragon-x-elite/12t/16gb/npu:qualcomm/windows/ac"),
                Arguments.of("Core Ultra 7 laptop", (Supplier<HardwareProfile>) Fixtures::coreUltraLaptop,
                        "intel-core-ultra-7-1xx/22t/32gb/npu:intel/windows/ac"),
                Arguments.of("Core Ultra 7 laptop with an RTX 4060", (Supplier<HardwareProfile>) Fixtures::coreUltraLaptopWithRtx,
                        "intel-core-ultra-7-1xx/22t/32gb/gpu:nvidia-8gb+npu:intel/windows/ac"),
                Arguments.of("Ryzen AI 9 HX 370 laptop on battery", (Supplier<HardwareProfile>) Fixtures::ryzenAiLaptop,
                        "amd-ryzen-ai-9-300/24t/32gb/npu:amd/windows/battery"),
                Arguments.of("i5 desktop, integrated graphics only", (Supplier<HardwareProfile>) Fixtures::i5OfficeDesktop,
                        "intel-core-i5-gen12/12t/16gb/igpu:intel/windows"),
                Arguments.of("MacBook Pro M3 Pro", (Supplier<HardwareProfile>) Fixtures::appleM3Mac,
                        "apple-apple-m3-pro/12t/36gb/igpu:apple/macos/ac"),
                Arguments.of("CPU-only Linux desktop", (Supplier<HardwareProfile>) Fixtures::intelDesktop,
                        "intel-core-i7-gen12/20t/32gb/none/linux"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machines")
    void everyFixtureMachineGetsTheClassALabWouldGiveIt(String what, Supplier<HardwareProfile> profile, String key) {
        HardwareClass c = HardwareClassifier.classify(profile.get());
        assertThat(c.key()).isEqualTo(key);
        assertThat(c.machineKey() + (c.hasBattery() ? "/" + c.power() : "")).isEqualTo(key);
    }

    @Test
    void anNpuNeverHidesADiscreteGpu() {
        assertThat(HardwareClassifier.classify(Fixtures.coreUltraLaptopWithRtx()))
                .isNotEqualTo(HardwareClassifier.classify(Fixtures.coreUltraLaptop()));
        assertThat(HardwareClassifier.classify(Fixtures.coreUltraLaptopWithRtx()).accelerator())
                .isEqualTo("gpu:nvidia-8gb+npu:intel");
    }

    @Test
    void theLiveSourceOfASampleDecidesTheLaptopPowerPartAndADesktopHasNone() {
        HardwareProfile laptop = Fixtures.snapdragonLaptop();
        HardwareClass onBattery = HardwareClassifier.classify(laptop, PowerSource.BATTERY);
        assertThat(onBattery.key()).isEqualTo("qualcomm-snapdragon-x-elite/12t/16gb/npu:qualcomm/windows/battery");
        assertThat(onBattery.machineKey()).isEqualTo("qualcomm-snapdragon-x-elite/12t/16gb/npu:qualcomm/windows");
        assertThat(onBattery.label()).isEqualTo("qualcomm snapdragon-x-elite · 12t · 16 GB · npu:qualcomm · battery");
        assertThat(onBattery.machineLabel()).isEqualTo("qualcomm snapdragon-x-elite · 12t · 16 GB · npu:qualcomm");
        assertThat(HardwareClassifier.classify(laptop, PowerSource.UNKNOWN).key()).endsWith("/windows/unknown");
        HardwareClass desk = HardwareClassifier.classify(Fixtures.intelDesktop(), PowerSource.BATTERY);
        assertThat(desk.key()).isEqualTo("intel-core-i7-gen12/20t/32gb/none/linux");
        assertThat(desk.power()).isEqualTo("mains");
        assertThat(desk.hasBattery()).isFalse();
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
    void ramIsTheSmallestStandardSizeThatHoldsTheUsableAmount() {
        assertThat(HardwareClassifier.roundRamGb(0)).isZero();
        assertThat(HardwareClassifier.roundRamGb((long) (7.6 * GIB))).isEqualTo(8);
        assertThat(HardwareClassifier.roundRamGb((long) (11.7 * GIB))).isEqualTo(12);
        assertThat(HardwareClassifier.roundRamGb((long) (13.8 * GIB))).as("16 GB with 2 GB for the iGPU").isEqualTo(16);
        assertThat(HardwareClassifier.roundRamGb((long) (15.4 * GIB))).isEqualTo(16);
        assertThat(HardwareClassifier.roundRamGb((long) (23.3 * GIB))).isEqualTo(24);
        assertThat(HardwareClassifier.roundRamGb(24 * GIB)).isEqualTo(24);
        assertThat(HardwareClassifier.roundRamGb((long) (31.2 * GIB))).isEqualTo(32);
        assertThat(HardwareClassifier.roundRamGb(36 * GIB)).as("Apple's 36 GB").isEqualTo(36);
        assertThat(HardwareClassifier.roundRamGb((long) (47.1 * GIB))).isEqualTo(48);
        assertThat(HardwareClassifier.roundRamGb((long) (63.5 * GIB))).isEqualTo(64);
        assertThat(HardwareClassifier.roundRamGb((long) (94.0 * GIB))).isEqualTo(96);
        assertThat(HardwareClassifier.roundRamGb(128 * GIB)).isEqualTo(128);
        assertThat(HardwareClassifier.roundRamGb((long) (128.2 * GIB))).as("within the OS's rounding").isEqualTo(128);
    }

    @Test
    void acceleratorsDiscreteGpuFirstThenNpuIntegratedOnlyWithNeither() {
        GpuInfo arcIgpu = new GpuInfo("Intel(R) Arc(TM) Graphics", "intel", 128L << 20, null);
        GpuInfo rtx = new GpuInfo("NVIDIA GeForce RTX 4060 Laptop GPU", "nvidia", 8 * GIB, "560.94");
        GpuInfo rtx4090 = new GpuInfo("NVIDIA GeForce RTX 4090", "nvidia", 24 * GIB, "560.94");
        NpuInfo aiBoost = new NpuInfo("Intel(R) AI Boost", "intel", "32.0.100.3104", "pnp");
        assertThat(HardwareClassifier.accelerator(List.of(), List.of(arcIgpu, rtx))).isEqualTo("gpu:nvidia-8gb");
        assertThat(HardwareClassifier.accelerator(List.of(aiBoost), List.of(arcIgpu, rtx))).isEqualTo("gpu:nvidia-8gb+npu:intel");
        assertThat(HardwareClassifier.accelerator(List.of(aiBoost), List.of(arcIgpu))).isEqualTo("npu:intel");
        assertThat(HardwareClassifier.accelerator(List.of(), List.of(arcIgpu))).isEqualTo("igpu:intel");
        assertThat(HardwareClassifier.accelerator(List.of(), List.of(rtx, rtx4090))).as("the larger of two cards")
                .isEqualTo("gpu:nvidia-24gb");
        assertThat(HardwareClassifier.accelerator(List.of(), List.of(new GpuInfo("AMD Radeon RX 7900 XTX", "amd",
                24 * GIB, null), new GpuInfo("Intel(R) UHD Graphics 770", "intel", 128L << 20, null))))
                .isEqualTo("gpu:amd-24gb");
        assertThat(HardwareClassifier.accelerator(List.of(), List.of(new GpuInfo("NVIDIA GeForce GTX 1650", "nvidia", 0,
                null)))).as("VRAM unknown: no tier").isEqualTo("gpu:nvidia");
        assertThat(HardwareClassifier.accelerator(List.of(new NpuInfo("Apple Neural Engine", "apple", null, "apple-silicon")),
                List.of(new GpuInfo("Apple M2 Pro", "apple", 0, null)))).isEqualTo("igpu:apple");
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
