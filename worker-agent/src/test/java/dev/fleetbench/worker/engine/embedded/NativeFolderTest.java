package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One extraction folder per process in a temp folder, and the leftovers of dead processes swept. */
class NativeFolderTest {

    @Test
    void eachProcessGetsItsOwnFolderAndDeadProcessesLeftoversGo(@TempDir Path temp) throws IOException {
        Path dead = Files.createDirectories(temp.resolve("fleetbench-native-111"));
        Files.writeString(dead.resolve("jllama.dll"), "left behind: Windows cannot delete a loaded DLL at exit");
        Path running = Files.createDirectories(temp.resolve("fleetbench-native-222"));
        Files.writeString(running.resolve("jllama.dll"), "loaded by a running worker");
        Path foreign = Files.createDirectories(temp.resolve("fleetbench-native-notapid"));
        Set<Long> alive = Set.of(222L, 333L);

        Path mine = NativeFolder.prepare(temp, 333, alive::contains);
        Path other = NativeFolder.prepare(temp, 444, pid -> pid == 444 || alive.contains(pid));

        assertThat(mine).isEqualTo(temp.resolve("fleetbench-native-333")).isDirectory();
        assertThat(other).isEqualTo(temp.resolve("fleetbench-native-444")).isDirectory().isNotEqualTo(mine);
        assertThat(dead).doesNotExist();
        assertThat(running.resolve("jllama.dll")).exists();
        assertThat(foreign).exists();
    }

    @Test
    void preparingTwiceKeepsTheFolder(@TempDir Path temp) throws IOException {
        Path first = NativeFolder.prepare(temp, 555, pid -> true);
        Files.writeString(first.resolve("libjllama.so"), "x");

        assertThat(NativeFolder.prepare(temp, 555, pid -> true)).isEqualTo(first);
        assertThat(first.resolve("libjllama.so")).exists();
    }

    @Test
    void llamaLogsGoIntoTheProcessFolderSoALogStillOpenAtExitIsSweptLater(@TempDir Path temp) throws IOException {
        Path mine = NativeFolder.prepare(temp, 777, pid -> true);
        Path log = Files.createTempFile(NativeLlama.scratchFolder(mine.toString()), "fleetbench-llama-", ".log");
        assertThat(log.getParent()).isEqualTo(mine);
        // a folder the user chose is not ours to sweep: logs go to the temp folder then
        assertThat(NativeLlama.scratchFolder(temp.toString())).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(NativeLlama.scratchFolder(null)).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));

        // the process ended with llama.cpp holding the log (Windows could not delete it): the next start removes it
        NativeFolder.prepare(temp, 778, pid -> pid == 778);
        assertThat(log).doesNotExist();
    }
}
