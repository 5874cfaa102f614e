package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc/cpuinfo, Windows PF_ names and macOS sysctl hw.optional, each to canonical feature names. */
class CpuParsersTest {

    private static List<String> linuxFeatures(String root) {
        return CpuFeatureNames.canonical(ProcCpuinfoParser.parse(HardwareFixtures.text(root + "/proc/cpuinfo"))
                .featureLines());
    }

    @Test
    void alderLakeDesktopHasAvxVnniButNoAvx512() {
        ProcCpuinfoParser.Cpuinfo c = ProcCpuinfoParser.parse(HardwareFixtures.text("linux/intel-desktop/proc/cpuinfo"));
        assertThat(c.vendor()).isEqualTo("GenuineIntel");
        assertThat(c.model()).isEqualTo("12th Gen Intel(R) Core(TM) i7-12700");
        // the first processor block only, and not the "vmx flags" line
        assertThat(c.featureLines()).hasSize(1);
        assertThat(linuxFeatures("linux/intel-desktop")).containsExactly("avx", "avx2", "avx_vnni", "f16c", "fma");
    }

    @Test
    void zen4LaptopHasAvx512VnniAndBf16() {
        assertThat(linuxFeatures("linux/ryzen-ai-laptop"))
                .containsExactly("avx", "avx2", "avx512_bf16", "avx512_vnni", "avx512f", "f16c", "fma");
    }

    @Test
    void sapphireRapidsHasAmx() {
        assertThat(linuxFeatures("linux/xeon-sapphire-rapids")).containsExactly("amx", "avx", "avx2", "avx512_bf16",
                "avx512_vnni", "avx512f", "avx_vnni", "f16c", "fma");
    }

    @Test
    void aarch64ServerHasNoModelNameButImplementerAndArmFeatures() {
        ProcCpuinfoParser.Cpuinfo c = ProcCpuinfoParser.parse(
                HardwareFixtures.text("linux/graviton3-server/proc/cpuinfo"));
        assertThat(c.vendor()).isEqualTo("ARM");
        assertThat(c.model()).isNull();
        assertThat(linuxFeatures("linux/graviton3-server"))
                .containsExactly("bf16", "dotprod", "fp16", "i8mm", "neon", "sve");
    }

    @Test
    void emptyOrMissingCpuinfoGivesNothing() {
        assertThat(ProcCpuinfoParser.parse(null)).isEqualTo(new ProcCpuinfoParser.Cpuinfo(null, null, List.of()));
        assertThat(ProcCpuinfoParser.parse("").featureLines()).isEmpty();
    }

    @Test
    void windowsProcessorFeatureNamesOfAnIntelLaptop() {
        assertThat(CpuFeatureNames.canonical(HardwareFixtures.lines("windows/core-ultra/oshi-feature-flags.txt")))
                .containsExactly("avx", "avx2");
    }

    @Test
    void windowsProcessorFeatureNamesOfASnapdragonLaptop() {
        assertThat(CpuFeatureNames.canonical(HardwareFixtures.lines("windows/snapdragon/oshi-feature-flags.txt")))
                .containsExactly("dotprod", "neon");
    }

    @Test
    void appleM2SysctlCountsOnlyFeaturesSetToOne() {
        List<String> keys = SysctlParser.enabledFeatureKeys(HardwareFixtures.text("macos/m2/sysctl-hw-optional.txt"));
        assertThat(keys).contains("FEAT_DotProd", "neon", "AdvSIMD").doesNotContain("FEAT_SME", "watchpoint");
        assertThat(CpuFeatureNames.canonical(keys)).containsExactly("bf16", "dotprod", "fp16", "i8mm", "neon");
    }

    @Test
    void intelMacSysctlNamesAvxWithVersionSuffixes() {
        List<String> keys = SysctlParser.enabledFeatureKeys(
                HardwareFixtures.text("macos/intel-i9/sysctl-hw-optional.txt"));
        assertThat(CpuFeatureNames.canonical(keys)).containsExactly("avx", "avx2", "f16c", "fma");
    }

    @Test
    void intelMacMachdepFeatureStringsAsOshiReturnsThem() {
        List<String> oshiFlags = List.of("machdep.cpu.features: FPU VME DE PSE TSC MSR PAE MCE CX8 APIC SEP MTRR PGE"
                + " MCA CMOV PAT PSE36 CLFSH DS ACPI MMX FXSR SSE SSE2 SS HTT TM PBE SSE3 PCLMULQDQ DTES64 MON DSCPL VMX"
                + " EST TM2 SSSE3 FMA CX16 TPR PDCM SSE4.1 SSE4.2 x2APIC MOVBE POPCNT AES PCID XSAVE OSXSAVE SEGLIM64"
                + " TSCTMR AVX1.0 RDRAND F16C", "machdep.cpu.leaf7_features: RDWRFSGS TSC_THREAD_OFFSET SGX BMI1 AVX2"
                + " SMEP BMI2 ERMS INVPCID FPU_CSDS MPX RDSEED ADX SMAP CLFSOPT IPT MDCLEAR TSXFA IBRS STIBP L1DF SSBD");
        assertThat(CpuFeatureNames.canonical(oshiFlags)).containsExactly("avx", "avx2", "f16c", "fma");
    }

    @Test
    void unknownTokensAndNullsAreIgnoredAndResultIsSortedAndDistinct() {
        assertThat(CpuFeatureNames.canonical(java.util.Arrays.asList("AVX2 avx2 sse4_2", null, "amx_tile amx_int8")))
                .containsExactly("amx", "avx2");
        assertThat(CpuFeatureNames.canonical(null)).isEmpty();
    }

    @Test
    void architecturesAreNormalisedAndEmulationIsSeenThrough() {
        assertThat(Architectures.normalise("amd64")).isEqualTo("x86_64");
        assertThat(Architectures.normalise("x86_64")).isEqualTo("x86_64");
        assertThat(Architectures.normalise("aarch64")).isEqualTo("aarch64");
        assertThat(Architectures.normalise("ARM64")).isEqualTo("aarch64");
        assertThat(Architectures.normalise(" ")).isNull();
        assertThat(Architectures.normalise("riscv64")).isEqualTo("riscv64");
        assertThat(Architectures.ofProcessor("x86_64", "qualcomm")).isEqualTo("aarch64");
        assertThat(Architectures.ofProcessor("x86_64", "apple")).isEqualTo("aarch64");
        assertThat(Architectures.ofProcessor("x86_64", "intel")).isEqualTo("x86_64");
    }
}
