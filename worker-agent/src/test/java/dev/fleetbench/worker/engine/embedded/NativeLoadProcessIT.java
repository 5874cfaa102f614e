package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real binding loading its real library in fresh JVMs (the load happens once per process, so it cannot be
 * repeated in this one): two at once each get their own extraction folder, standard output carries none of the
 * binding's chatter, and a failed extraction reports the binding's own error text.
 */
class NativeLoadProcessIT {

    private record Run(Process process, Path stdout, Path stderr) {
        String out() throws IOException {
            return Files.readString(stdout, StandardCharsets.UTF_8);
        }

        String err() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }
    }

    private static Run start(Path temp, String name, String... jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temp, "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(jvmOptions));
        cmd.add(NativeLoadMain.class.getName());
        Path out = temp.resolve(name + ".out");
        Path err = temp.resolve(name + ".err");
        return new Run(new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out,
                err);
    }

    private static void await(Run run) throws InterruptedException {
        assertThat(run.process().waitFor(120, TimeUnit.SECONDS)).as("the JVM ends").isTrue();
    }

    @Test
    void twoProcessesAtOnceEachExtractIntoTheirOwnFolderAndKeepStandardOutputClean(@TempDir Path temp)
            throws Exception {
        Run a = start(temp, "a");
        Run b = start(temp, "b");
        await(a);
        await(b);

        Path folderA = temp.resolve("fleetbench-native-" + a.process().pid());
        Path folderB = temp.resolve("fleetbench-native-" + b.process().pid());
        assertThat(a.out()).as(a.err()).isEqualTo("loaded " + folderA + System.lineSeparator());
        assertThat(b.out()).as(b.err()).isEqualTo("loaded " + folderB + System.lineSeparator());
        // the binding deletes its copy at exit where the OS allows it (not Windows); the folders stay for the sweep
        assertThat(folderA).isDirectory();
        assertThat(folderB).isDirectory();
        // the binding's progress line is not lost, it is on standard error
        assertThat(a.err()).contains("Extracted 'libjllama.so' to '" + folderA.resolve("libjllama.so") + "'");
        assertThat(b.err()).contains("Extracted 'libjllama.so' to '" + folderB.resolve("libjllama.so") + "'");
        assertThat(temp.resolve("libjllama.so")).as("nothing in the shared temp folder").doesNotExist();
    }

    @Test
    void aFailedExtractionReportsTheBindingsOwnErrorText(@TempDir Path temp) throws Exception {
        Path notAFolder = Files.writeString(temp.resolve("plain-file"), "a file where a folder should be");

        Run run = start(temp, "c", "-D" + NativeFolder.PROPERTY + "=" + notAFolder);
        await(run);

        assertThat(run.out()).as(run.err()).startsWith("failed ENGINE_UNAVAILABLE embedded llama.cpp engine unavailable")
                .contains(notAFolder + "/libjllama.so") // the IOException text the binding printed
                .doesNotContain("ARM");
    }
}
