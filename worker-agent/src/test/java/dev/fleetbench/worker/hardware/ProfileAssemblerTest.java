package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.model.CpuInfo;
import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.model.NpuInfo;
import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.OsInfo;
import dev.fleetbench.common.model.PowerInfo;
import dev.fleetbench.common.model.PowerSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole probe after OSHI, per OS: a hand-made OSHI snapshot, fixture file trees and canned command output. */
class ProfileAssemblerTest {

    private static final long GIB = 1L << 30;
    private static final Path NOWHERE = Path.of("src", "test", "resources", "hardware", "no-such-root");

    private static OshiSnapshot snapshot(String host, OshiSnapshot.Os os, OshiSnapshot.Cpu cpu, long ram,
                                         List<OshiSnapshot.Gpu> gpus, List<PowerParser.Battery> batteries) {
        return new OshiSnapshot(host, os, cpu, ram, ram / 2, gpus, batteries, "not specified", "Default string",
                List.of());
    }

    @Test
    void linuxMeteorLakeLaptop() {
        OshiSnapshot oshi = snapshot("lab-ubuntu-02", new OshiSnapshot.Os("GNU/Linux", "Ubuntu", "24.04.1 LTS",
                        "Noble Numbat", "6.8.0-45-generic"),
                new OshiSnapshot.Cpu("GenuineIntel", "Intel(R) Core(TM) Ultra 7 155H", "BFEBFBFF000A06A4", 16, 22,
                        4_800_000_000L, -1, List.of("flags: fpu sse")),
                32 * GIB, List.of(new OshiSnapshot.Gpu("Meteor Lake-P [Intel Arc Graphics]",
                        "Intel Corporation (0x8086)", 0, "unknown")), null);
        ProbeContext ctx = HardwareFixtures.context(OsFamily.LINUX, "amd64", "6.8.0-45-generic",
                HardwareFixtures.path("linux/meteorlake-laptop"), new FakeRunner());

        HardwareProfile p = ProfileAssembler.assemble(oshi, ctx);

        assertThat(p.os()).isEqualTo(new OsInfo(OsFamily.LINUX, "Ubuntu", "24.04.1 LTS (Noble Numbat)",
                "6.8.0-45-generic"));
        // features come from /proc/cpuinfo, not from OSHI's flags
        assertThat(p.cpu()).isEqualTo(new CpuInfo("intel", "Intel(R) Core(TM) Ultra 7 155H", "x86_64", 16, 22,
                4_800_000_000L, List.of("avx", "avx2", "avx_vnni", "f16c", "fma")));
        assertThat(p.memory()).isEqualTo(new MemoryInfo(32 * GIB, 16 * GIB));
        assertThat(p.gpus()).containsExactly(new GpuInfo("Meteor Lake-P [Intel Arc Graphics]", "intel", 0, null));
        assertThat(p.npus()).containsExactly(new NpuInfo("Intel NPU [8086:7d1d]", "intel", "intel_vpu", "sysfs"));
        assertThat(p.power()).isEqualTo(new PowerInfo(PowerSource.AC, true, 87.0));
        assertThat(p.machineId()).isEqualTo(MachineIds.of("4c2f0a9b1e7d46e38f5a21c0d9b7e613"));
        assertThat(p.hostname()).isEqualTo("lab-ubuntu-02");
        assertThat(p.notes()).isEmpty();
        assertThat(HardwareClassifier.classify(p).key())
                .isEqualTo("intel-core-ultra-7-1xx/22t/32gb/npu:intel/linux/ac");
    }

    @Test
    void windowsSnapdragonLaptopUnderX64Emulation() {
        OshiSnapshot oshi = snapshot("lab-laptop-07", new OshiSnapshot.Os("Microsoft", "Windows", "11", "", "26100"),
                new OshiSnapshot.Cpu("Qualcomm Technologies Inc",
                        "Snapdragon(R) X Elite - X1E78100 - Qualcomm(R) Oryon(TM) CPU", "", 12, 12, 3_417_000_000L,
                        -1, HardwareFixtures.lines("windows/snapdragon/oshi-feature-flags.txt")),
                16 * GIB - 400L * 1024 * 1024,
                List.of(new OshiSnapshot.Gpu("Snapdragon(R) X Elite - X1E78100 - Qualcomm(R) Adreno(TM) GPU",
                        "Qualcomm Technologies, Inc.", 0, "DriverVersion=31.0.96.0")),
                List.of(new PowerParser.Battery("System Battery", true, false, false, 0.87)));
        FakeRunner runner = new FakeRunner()
                .answer("powershell -NoProfile", "windows/snapdragon/pnp-npu.csv")
                .answer("reg query HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
                        "windows/snapdragon/reg-currentversion.txt")
                .answer("reg query HKLM\\SOFTWARE\\Microsoft\\Cryptography", "windows/snapdragon/reg-machineguid.txt");
        ProbeContext ctx = HardwareFixtures.context(OsFamily.WINDOWS, "amd64", "10.0", NOWHERE, runner);

        HardwareProfile p = ProfileAssembler.assemble(oshi, ctx);

        assertThat(p.os()).isEqualTo(new OsInfo(OsFamily.WINDOWS, "Microsoft Windows 11 Pro", "10.0", "26100"));
        assertThat(p.cpu().vendor()).isEqualTo("qualcomm");
        assertThat(p.cpu().architecture()).isEqualTo("aarch64");
        assertThat(p.cpu().features()).containsExactly("dotprod", "neon");
        assertThat(p.npus()).containsExactly(new NpuInfo(
                "Snapdragon(R) X Elite - X1E78100 - Qualcomm(R) Hexagon(TM) NPU", "qualcomm", "30.0.140.1000", "pnp"));
        assertThat(p.gpus()).extracting(GpuInfo::driverVersion).containsExactly("31.0.96.0");
        assertThat(p.power()).isEqualTo(new PowerInfo(PowerSource.AC, true, 87.0));
        assertThat(p.machineId()).isEqualTo(MachineIds.of("a1b2c3d4-e5f6-4789-9abc-def012345678"));
        assertThat(p.notes()).containsExactly("the JVM runs as x86_64 under emulation on this aarch64 processor");
        assertThat(HardwareClassifier.classify(p).key())
                .isEqualTo("qualcomm-snapdragon-x-elite/12t/16gb/npu:qualcomm/windows/ac");
    }

    @Test
    void windowsDesktopWhoseQueriesAllFailStillGetsAProfileWithNotes() {
        OshiSnapshot oshi = new OshiSnapshot("lab-desk-09", new OshiSnapshot.Os("Microsoft", "Windows", "11", "",
                "22631"), new OshiSnapshot.Cpu("GenuineIntel", "Intel(R) Core(TM) Ultra 7 155H", "BFEBFBFF000A06A4",
                16, 22, -1, 1_400_000_000L, HardwareFixtures.lines("windows/core-ultra/oshi-feature-flags.txt")),
                32 * GIB, 20 * GIB, List.of(), List.of(new PowerParser.Battery("System Battery", false, false, false, 1.0,
                        "unknown")),
                "4C4C4544-0042-3510-8052-B4C04F564433", "5J2Q8X3", List.of());
        FakeRunner runner = new FakeRunner(); // every command fails as "not found"
        ProbeContext ctx = HardwareFixtures.context(OsFamily.WINDOWS, "amd64", "10.0", NOWHERE, runner);

        HardwareProfile p = ProfileAssembler.assemble(oshi, ctx);

        assertThat(p.os()).isEqualTo(new OsInfo(OsFamily.WINDOWS, "Microsoft Windows 11", "10.0", "22631"));
        assertThat(p.cpu().maxFrequencyHz()).isEqualTo(1_400_000_000L);
        assertThat(p.cpu().features()).containsExactly("avx", "avx2");
        assertThat(p.npus()).isEmpty();
        // OSHI's "System Battery" stand-in of a desktop is no battery: mains, so lab gating's require_ac leases to it
        assertThat(p.power()).isEqualTo(new PowerInfo(PowerSource.AC, false, null));
        assertThat(HardwareClassifier.classify(p).key()).doesNotEndWith("/unknown").doesNotEndWith("/battery");
        assertThat(p.machineId()).isEqualTo(MachineIds.of("4C4C4544-0042-3510-8052-B4C04F564433"));
        assertThat(p.notes()).anyMatch(n -> n.startsWith("Windows version from the registry failed: cannot start"))
                .anyMatch(n -> n.startsWith("NPU list unavailable: PowerShell PnP query cannot start"))
                .anyMatch(n -> n.startsWith("MachineGuid unavailable"))
                .contains("machine id from the firmware UUID", "no battery information", "no graphics cards visible");
        assertThat(runner.ran("powershell -NoProfile -NonInteractive -Command")).isTrue();
    }

    @Test
    void macOsOnAppleM2() {
        OshiSnapshot oshi = snapshot("lab-mac-01", new OshiSnapshot.Os("Apple", "macOS", "14.5", "Sonoma", "23F79"),
                new OshiSnapshot.Cpu("Apple Inc.", "Apple M2", "", 8, 8, 3_490_000_000L, -1,
                        List.of("hw.optional.arm.FEAT_SME: 0")),
                16 * GIB, List.of(new OshiSnapshot.Gpu("Apple M2", "Apple", 16 * GIB, "unknown")),
                List.of(new PowerParser.Battery("InternalBattery-0", false, false, true, 0.55)));
        FakeRunner runner = new FakeRunner()
                .answer("sysctl hw.optional", "macos/m2/sysctl-hw-optional.txt")
                .answer("sysctl -n machdep.cpu.brand_string", "macos/m2/sysctl-brand-string.txt")
                .answer("sw_vers", "macos/m2/sw_vers.txt")
                .answer("ioreg -rd1 -c IOPlatformExpertDevice", "macos/m2/ioreg-platform-expert.txt");
        ProbeContext ctx = HardwareFixtures.context(OsFamily.MACOS, "aarch64", "14.5", NOWHERE, runner);

        HardwareProfile p = ProfileAssembler.assemble(oshi, ctx);

        assertThat(p.os()).isEqualTo(new OsInfo(OsFamily.MACOS, "macOS", "14.5", "23F79"));
        assertThat(p.cpu()).isEqualTo(new CpuInfo("apple", "Apple M2", "aarch64", 8, 8, 3_490_000_000L,
                List.of("bf16", "dotprod", "fp16", "i8mm", "neon")));
        assertThat(p.npus()).containsExactly(new NpuInfo("Apple Neural Engine", "apple", null, "apple-silicon"));
        assertThat(p.gpus()).containsExactly(new GpuInfo("Apple M2", "apple", 0, null));
        assertThat(p.power()).isEqualTo(new PowerInfo(PowerSource.BATTERY, true, 55.0));
        assertThat(p.machineId()).isEqualTo(MachineIds.of("5A3C9E21-7B44-5D0E-9F12-3C4B5A6D7E8F"));
        assertThat(p.notes()).isEmpty();
    }

    @Test
    void intelMacHasNoNeuralEngine() {
        OshiSnapshot oshi = snapshot("old-mac", null, new OshiSnapshot.Cpu("GenuineIntel",
                "Intel(R) Core(TM) i9-9880H CPU @ 2.30GHz", "", 8, 16, 2_300_000_000L, 2_300_000_000L, List.of()),
                16 * GIB, List.of(), List.of());
        FakeRunner runner = new FakeRunner()
                .answer("sysctl hw.optional", "macos/intel-i9/sysctl-hw-optional.txt")
                .answer("sysctl -n machdep.cpu.brand_string", "macos/intel-i9/sysctl-brand-string.txt")
                .answer("sw_vers", "macos/intel-i9/sw_vers.txt");
        HardwareProfile p = ProfileAssembler.assemble(oshi,
                HardwareFixtures.context(OsFamily.MACOS, "x86_64", "13.6.7", NOWHERE, runner));
        assertThat(p.npus()).isEmpty();
        assertThat(p.cpu().features()).containsExactly("avx", "avx2", "f16c", "fma");
        assertThat(p.os()).isEqualTo(new OsInfo(OsFamily.MACOS, "macOS", "13.6.7", "22G720"));
        assertThat(p.notes()).anyMatch(n -> n.startsWith("IOPlatformUUID unavailable"))
                .contains("machine id from hardware fields and host name: no OS or firmware id");
    }

    @Test
    void nothingKnownAtAllIsStillAProfile() {
        OshiSnapshot empty = new OshiSnapshot(null, null, null, 0, 0, null, null, null, null,
                List.of("system information unavailable from OSHI: java.lang.UnsatisfiedLinkError: jnidispatch"));
        CommandRunner throwing = (command, timeout) -> {
            throw new IllegalStateException("runner broke its contract");
        };
        for (OsFamily family : OsFamily.values()) {
            HardwareProfile p = ProfileAssembler.assemble(empty,
                    HardwareFixtures.context(family, "weird-arch", null, NOWHERE, throwing));
            assertThat(p.machineId()).startsWith("m-");
            assertThat(p.os().family()).isEqualTo(family);
            assertThat(p.cpu().architecture()).isEqualTo("weird-arch");
            assertThat(p.memory()).isEqualTo(new MemoryInfo(0, 0));
            assertThat(p.notes()).contains("total memory unknown", "CPU model unknown")
                    .first().asString().startsWith("system information unavailable from OSHI");
        }
    }
}
