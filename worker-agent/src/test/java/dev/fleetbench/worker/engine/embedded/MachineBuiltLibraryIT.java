package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetbench.worker.bench.EmbeddedSide;
import dev.fleetbench.worker.gguf.ModelStore;
import dev.fleetbench.worker.llamacpp.MachineBuiltBinding;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded engine on a libjllama built for this machine (build-jllama.sh, found in its cache folder), in fresh
 * JVMs (a process loads one library for its whole life): it loads the library from the folder, llama.cpp logs the
 * release it was built against, stories260K generates tokens, and the fingerprint names the library and its build,
 * unlike a process on the binding's own library. Skipped, saying how to build it, when the cache has no library.
 */
class MachineBuiltLibraryIT {

    /** The library's folder in the cache; the test is skipped, saying how to build it, when there is none. */
    private static Path library() {
        Optional<Path> found = MachineBuiltBinding.find();
        assumeTrue(found.isPresent(), "no machine-built libjllama in the cache: build it with bash worker-agent/src/"
                + "main/resources/llama-cpp/build-jllama.sh (about 20 minutes on 2 cores)");
        return found.get();
    }

    /** One {@link EmbeddedSide} run: its info line and the decode rates of two requests after a warm-up. */
    private record Side(String info, List<Double> rates, String stderr) {
    }

    private static Side run(Path temp, Path lib) throws Exception {
        ModelStore store = new ModelStore(temp.resolve("models"));
        store.installBundled();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temp, "-cp", System.getProperty("java.class.path"),
                EmbeddedSide.class.getName(), "--models", store.dir().toString(), "--model", ModelStore.BUNDLED_ID,
                "--threads", "1", "--tokens", "32"));
        if (lib != null) {
            cmd.addAll(List.of("--llama-lib", lib.toString()));
        }
        Path err = Files.createTempFile(temp, "side-", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String info = out.readLine();
            in.println("run 2 1");
            String rates = out.readLine();
            in.println("quit");
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the JVM ends").isTrue();
            String stderr = Files.readString(err);
            assertThat(info).as(stderr).startsWith("info ");
            assertThat(rates).as(stderr).startsWith("rates ");
            return new Side(info, Arrays.stream(rates.substring(6).strip().split(" ")).map(Double::parseDouble)
                    .toList(), stderr);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void theMachineBuiltLibraryLoadsGeneratesTokensAndIsNamedInTheFingerprint(@TempDir Path temp) throws Exception {
        Path library = library();
        NativeLibrary built = NativeLibrary.read(library, "libjllama.so", "--llama-lib");

        Side own = run(temp, library);
        Side bundled = run(temp, null);

        // llama.cpp itself logs the release: the library in the folder ran, not the jar's (which logs b4916)
        assertThat(own.info()).as(own.stderr()).startsWith("info llama.cpp " + built.llamaTag() + " (de.kherud:llama");
        assertThat(own.info()).contains("binding=" + built.describe(NativeLlama.bindingVersion()));
        assertThat(own.info()).contains("libjllama built here: llama.cpp " + built.llamaTag()).contains("GGML_NATIVE");
        assertThat(own.rates()).as(own.stderr()).hasSize(2).allSatisfy(r -> assertThat(r).isPositive());

        assertThat(bundled.info()).as(bundled.stderr()).startsWith("info llama.cpp b4916 (de.kherud:llama")
                .contains("binding=de.kherud:llama " + NativeLlama.bindingVersion() + ",")
                .doesNotContain("built here");
        assertThat(bundled.rates()).as(bundled.stderr()).hasSize(2).allSatisfy(r -> assertThat(r).isPositive());
    }
}
