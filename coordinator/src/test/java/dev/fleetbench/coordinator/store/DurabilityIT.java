package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost when the JVM dies: another JVM ingests batches and is killed (SIGKILL) or halts
 * without closing; this JVM then opens the file and finds every batch whose {@code ingest} had returned.
 */
class DurabilityIT {

    private static final int SIZE = 50;

    @TempDir
    Path dir;

    @Test
    void batchesAcknowledgedBeforeAKillAreAllThere() throws Exception {
        Path file = prepared();
        Process child = start(file, 100_000);
        Set<Integer> acked = new HashSet<>();
        try (BufferedReader out = reader(child)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.add(Integer.parseInt(line.substring(4)));
                    if (acked.size() == 40) {
                        // SIGKILL in the middle of the stream of batches; through the handle, because
                        // Process.destroyForcibly() also closes our end of the pipe and its unread acknowledgements
                        child.toHandle().destroyForcibly();
                    }
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isNotZero();
        assertThat(acked).hasSizeGreaterThanOrEqualTo(40);
        verify(file, acked);
    }

    @Test
    void batchesSurviveAHaltWithoutClose() throws Exception {
        Path file = prepared();
        Process child = start(file, 25);
        Set<Integer> acked = new HashSet<>();
        try (BufferedReader out = reader(child)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.add(Integer.parseInt(line.substring(4)));
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(acked).hasSize(25);
        verify(file, acked);
    }

    private Path prepared() {
        Path file = dir.resolve("fleetbench.duckdb");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            StoreData.insert(store, "c1");
        }
        return file;
    }

    private Process start(Path file, int batches) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), IngestChild.class.getName(),
                file.toString(), String.valueOf(batches), String.valueOf(SIZE)));
        return new ProcessBuilder(cmd).redirectError(dir.resolve("child.err").toFile()).start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private void verify(Path file, Set<Integer> acked) throws IOException {
        assertThat(Files.readString(dir.resolve("child.err"))).doesNotContain("Exception");
        try (DuckDbStore store = DuckDbStore.open(file)) {
            Set<String> stored = new HashSet<>(store.query("SELECT sample_id FROM samples"));
            for (int b : acked) {
                for (int i = 0; i < SIZE; i++) {
                    assertThat(stored).as("batch %d was acknowledged", b).contains(IngestChild.id(b, i));
                }
            }
            // whole batches only (one transaction each), at most the one in flight beyond the acknowledged ones
            assertThat(stored.size() % SIZE).isZero();
            assertThat(stored.size() / SIZE).isBetween(acked.size(), acked.size() + 1);
            // the counters were committed with their samples
            assertThat(store.query("SELECT coalesce(sum(measured), 0) FROM cell_counts")).containsExactly(
                    store.query("SELECT count(*) FROM samples WHERE kind = 'measured' AND NOT set_aside").get(0));
            // and the store takes more after the crash
            IngestResult again = store.ingest(IngestChild.batch(StoreData.runnable(StoreData.matrix("c1")), 0, SIZE));
            assertThat(again.duplicates()).isEqualTo(SIZE);
        }
    }
}
