package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Load failures through the OS/arch seam and the text the binding prints: what Windows, Linux and an unsupported
 * platform really report, mapped to what to install. (The real load runs in {@link NativeLoadProcessIT}.)
 */
class NativeLlamaTest {

    private static final NativePlatform WINDOWS_X64 = NativePlatform.of("Windows 11", "amd64");
    private static final NativePlatform LINUX_X64 = NativePlatform.of("Linux", "amd64");

    @Test
    void aMissingLibgompSaysWhatToInstall() {
        EngineException e = NativeLoadFailure.describe(new UnsatisfiedLinkError(
                "/tmp/libjllama.so: libgomp.so.1: cannot open shared object file: No such file or directory"), "",
                LINUX_X64, true);

        assertThat(e.code()).isEqualTo(FailureCode.ENGINE_UNAVAILABLE);
        assertThat(e.getMessage()).contains("libgomp1").contains("apt-get install").doesNotContain("\tat ");
    }

    @Test
    void windowsOnArmHasNoLibraryInTheBindingAndSaysSo() {
        NativePlatform arm = NativePlatform.of("Windows 11", "aarch64");

        assertThat(arm.shipped()).isFalse();
        EngineException e = NativeLoadFailure.describe(new UnsatisfiedLinkError("no library"), "", arm, arm.shipped());
        assertThat(e.code()).isEqualTo(FailureCode.ENGINE_UNAVAILABLE);
        assertThat(e.getMessage()).contains("ships no native library for Windows aarch64").contains("Foundry Local");
    }

    @Test
    void theBindingShipsLibrariesForTheseAndNoOther() {
        assertThat(WINDOWS_X64.shipped()).isTrue();
        assertThat(LINUX_X64.shipped()).isTrue();
        assertThat(NativePlatform.of("Linux", "aarch64").shipped()).isTrue();
        assertThat(NativePlatform.of("Mac OS X", "aarch64").shipped()).isTrue();
        assertThat(NativePlatform.of("Mac OS X", "x86_64").shipped()).isTrue();
        assertThat(NativePlatform.of("Linux", "riscv64").shipped()).isFalse();
    }

    @Test
    void aMissingVcomp140IsTheOperatingSystemsTextPlusTheRedistributable() {
        // what LlamaLoader 4.1.0 prints when System.load fails, then what it throws
        String printed = """
                Extracted 'jllama.dll' to 'C:\\Users\\lab\\AppData\\Local\\Temp\\fleetbench-native-4242\\jllama.dll'
                C:\\Users\\lab\\AppData\\Local\\Temp\\fleetbench-native-4242\\jllama.dll: Can't find dependent libraries
                Failed to load native library: C:\\Users\\lab\\AppData\\Local\\Temp\\fleetbench-native-4242\\jllama.dll. osinfo: Windows/x86_64
                """;
        EngineException e = NativeLoadFailure.describe(new ExceptionInInitializerError(new UnsatisfiedLinkError(
                "No native library found for os.name=Windows, os.arch=amd64, paths=[/de/kherud/llama/Windows/x86_64]")),
                printed, WINDOWS_X64, true);

        assertThat(e.getMessage())
                .contains("jllama.dll: Can't find dependent libraries")
                .contains("VCOMP140.dll").contains("Visual C++ 2015-2022 Redistributable").contains("vc_redist.x64.exe")
                .doesNotContain("ARM").doesNotContain("Extracted").doesNotContain("osinfo");
    }

    @Test
    void aDllHeldByAnotherProcessIsNamed() {
        String printed = "C:\\Users\\lab\\AppData\\Local\\Temp\\jllama.dll: The process cannot access the file because "
                + "it is being used by another process\n";
        EngineException e = NativeLoadFailure.describe(new UnsatisfiedLinkError("No native library found for "
                + "os.name=Windows, os.arch=amd64, paths=[/de/kherud/llama/Windows/x86_64]"), printed, WINDOWS_X64, true);

        assertThat(e.getMessage()).contains("being used by another process").contains("de.kherud.llama.tmpdir");
    }

    @Test
    void aProcessorWithoutAvx2IsRefusedBeforeLoadingAndNamed() {
        // Windows shows AVX2 but never FMA or F16C (IsProcessorFeaturePresent has no flag for them)
        assertThat(NativeLlama.cpuUnsupported(WINDOWS_X64, List.of("avx", "avx2"))).isNull();
        EngineException old = NativeLlama.cpuUnsupported(WINDOWS_X64, List.of("avx"));
        assertThat(old).isNotNull();
        assertThat(old.code()).isEqualTo(FailureCode.ENGINE_UNAVAILABLE);
        assertThat(old.getMessage()).contains("lacks AVX2,").contains("Windows x86_64").contains("--engine openai");
        // Linux shows them, so they are checked there
        assertThat(NativeLlama.cpuUnsupported(LINUX_X64, List.of("avx", "avx2")).getMessage())
                .contains("lacks FMA, F16C");
        assertThat(NativeLlama.cpuUnsupported(LINUX_X64, List.of("avx", "avx2", "f16c", "fma"))).isNull();
        // nothing visible is unknown, not absent; ARM builds need nothing checked here
        assertThat(NativeLlama.cpuUnsupported(WINDOWS_X64, List.of())).isNull();
        assertThat(NativeLlama.cpuUnsupported(NativePlatform.of("Mac OS X", "aarch64"), List.of("neon"))).isNull();
    }

    @Test
    void knowsTheBindingAndItsBuild() {
        assertThat(NativeLlama.bindingVersion()).isEqualTo("4.1.0");
        assertThat(NativeLlama.knownBuild("4.1.0")).isEqualTo("b4916");
    }

    @Test
    void modelsStayOnTheCpuEvenWhereTheLibraryIsBuiltWithMetal() {
        String[] args = NativeLlama.cpuOnly(new de.kherud.llama.ModelParameters().setModel("m.gguf")).toArray();

        assertThat(String.join(" ", args)).contains("--gpu-layers 0").contains("--device none");
    }
}
