package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.worker.gguf.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which native library the embedded engine runs, as every sample's fingerprint names it: the binding's own, or one
 * built on this machine (its BUILD-INFO as build-jllama.sh writes it, a captured one in {@code jllama/BUILD-INFO}).
 * Pure: no library is loaded here (that is {@code MachineBuiltLibraryIT}).
 */
class NativeLibraryTest {

    private static Path builtFolder(Path temp) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("4.1.0-b4980-native"));
        Files.write(dir.resolve("libjllama.so"), new byte[] {0x7f, 'E', 'L', 'F'});
        try (InputStream in = NativeLibraryTest.class.getResourceAsStream("/jllama/BUILD-INFO")) {
            Files.write(dir.resolve("BUILD-INFO"), in.readAllBytes());
        }
        return dir;
    }

    private static EmbeddedConfig config(Path temp, NativeLibrary lib) {
        return new EmbeddedConfig(new ModelStore(temp.resolve("models")), 1, 2048, Duration.ofMillis(250), lib);
    }

    @Test
    void theBundledLibraryIsNamedByTheBindingAlone() {
        NativeLibrary bundled = NativeLibrary.bundled();

        assertThat(bundled.machineBuilt()).isFalse();
        assertThat(bundled.describe("4.1.0")).isEqualTo("de.kherud:llama 4.1.0");
        assertThat(EmbeddedEngine.version("4.1.0", bundled, null)).isEqualTo("llama.cpp b4916 (de.kherud:llama 4.1.0)");
    }

    @Test
    void aMachineBuiltLibraryNamesItsLlamaCppReleaseCommitAndNativeBuild(@TempDir Path temp) throws IOException {
        NativeLibrary built = NativeLibrary.read(builtFolder(temp), "libjllama.so", "--llama-lib");

        assertThat(built.machineBuilt()).isTrue();
        assertThat(built.llamaTag()).isEqualTo("b4980");
        assertThat(built.nativeIsa()).isTrue();
        assertThat(built.describe("4.1.0"))
                .isEqualTo("de.kherud:llama 4.1.0, libjllama built here: llama.cpp b4980 (a97dd0e), GGML_NATIVE");
        // before a model is loaded the version is the release it was built against; after, the one llama.cpp logged
        assertThat(EmbeddedEngine.version("4.1.0", built, null)).isEqualTo("llama.cpp b4980 (de.kherud:llama 4.1.0)");
        assertThat(EmbeddedEngine.version("4.1.0", built, "b4980")).isEqualTo("llama.cpp b4980 (de.kherud:llama 4.1.0)");
    }

    @Test
    void theFingerprintDiffersBetweenTheBundledAndAMachineBuiltLibraryAndOnlyInTheBinding(@TempDir Path temp)
            throws IOException {
        NativeLibrary built = NativeLibrary.read(builtFolder(temp), "libjllama.so", "--llama-lib");

        Map<String, String> bundled = EmbeddedEngine.settings(config(temp, NativeLibrary.bundled()), "4.1.0");
        Map<String, String> own = EmbeddedEngine.settings(config(temp, built), "4.1.0");

        assertThat(own).isNotEqualTo(bundled);
        assertThat(own.get("binding")).isNotEqualTo(bundled.get("binding")).contains("GGML_NATIVE");
        own.remove("binding");
        bundled.remove("binding");
        assertThat(own).isEqualTo(bundled);
    }

    @Test
    void aLibraryWithoutBuildInfoSaysItsBuildWasNotRecorded(@TempDir Path temp) throws IOException {
        Path dir = builtFolder(temp);
        Files.delete(dir.resolve("BUILD-INFO"));

        NativeLibrary lib = NativeLibrary.read(dir, "libjllama.so", "--llama-lib");

        assertThat(lib.describe("4.1.0")).isEqualTo("de.kherud:llama 4.1.0, libjllama from a local folder, build not"
                + " recorded");
        assertThat(EmbeddedEngine.version("4.1.0", lib, null)).isEqualTo("llama.cpp build unknown (de.kherud:llama"
                + " 4.1.0)");
    }

    @Test
    void aGenericBuildIsNotCalledNative(@TempDir Path temp) throws IOException {
        Path dir = builtFolder(temp);
        Files.writeString(dir.resolve("BUILD-INFO"), "binding de.kherud:llama 4.1.0\ntag b4980\ncommit a97dd0e\n"
                + "cmake -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF -DCMAKE_BUILD_TYPE=Release\n");

        assertThat(NativeLibrary.read(dir, "libjllama.so", "--llama-lib").describe("4.1.0"))
                .endsWith("llama.cpp b4980 (a97dd0e), generic ISA");
    }

    @Test
    void aMissingFolderOrLibraryIsAClearErrorNamingIt(@TempDir Path temp) throws IOException {
        Path missing = temp.resolve("nowhere");
        assertThatThrownBy(() -> NativeLibrary.configured(missing, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--llama-lib " + missing + ": no such folder");

        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThatThrownBy(() -> NativeLibrary.read(empty, "libjllama.so", "-D" + NativeLibrary.PROPERTY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Dde.kherud.llama.lib.path " + empty + ": the folder holds no libjllama.so")
                .hasMessageContaining("build-jllama.sh");
    }

    @Test
    void theOptionWinsOverTheBindingsPropertyAndNeitherMeansTheBundledLibrary(@TempDir Path temp) throws IOException {
        Path dir = builtFolder(temp);

        assertThat(NativeLibrary.configured(null, null).machineBuilt()).isFalse();
        assertThat(NativeLibrary.configured(null, " ").machineBuilt()).isFalse();
        assertThat(NativeLibrary.configured(null, dir.toString()).folder()).isEqualTo(dir.toAbsolutePath());
        assertThatThrownBy(() -> NativeLibrary.configured(temp.resolve("x"), dir.toString()))
                .hasMessageContaining("--llama-lib");
    }
}
