package dev.fleetbench.worker.engine.embedded;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

/**
 * The folder the binding extracts its native library into, one per process. The binding's default is the temp
 * folder itself ({@code %TEMP%\jllama.dll}): Windows will not replace a DLL another process has loaded, so a second
 * JVM of the same user (the demo's second worker, {@code bench} while a worker runs) failed to extract and reported
 * "No native library found". The binding reads its folder from the {@code de.kherud.llama.tmpdir} property; a folder
 * named after our process id gives every JVM its own copy. Windows cannot delete a loaded DLL when the JVM exits, so
 * the folders of processes that are gone are swept at the next start.
 */
final class NativeFolder {

    /** The binding's property for its extraction folder. */
    static final String PROPERTY = "de.kherud.llama.tmpdir";
    static final String PREFIX = "fleetbench-native-";

    private NativeFolder() {
    }

    /**
     * Creates {@code <tempRoot>/fleetbench-native-<pid>} and removes the folders of processes no longer alive.
     *
     * @param alive whether a process id still runs ({@code pid -> ProcessHandle.of(pid).isPresent()})
     * @return the folder; it exists
     * @throws IOException when the folder cannot be created
     */
    static Path prepare(Path tempRoot, long pid, LongPredicate alive) throws IOException {
        sweep(tempRoot, pid, alive);
        return Files.createDirectories(tempRoot.resolve(PREFIX + pid));
    }

    /** Deletes the folders of dead processes; one that cannot be deleted (still loaded, locked) is left for later. */
    static List<Path> sweep(Path tempRoot, long ownPid, LongPredicate alive) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tempRoot, PREFIX + "*")) {
            for (Path dir : dirs) {
                long pid = pidOf(dir.getFileName().toString());
                if (pid > 0 && pid != ownPid && !alive.test(pid) && deleteTree(dir)) {
                    removed.add(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable temp folder only means nothing is swept this time
        }
        return removed;
    }

    private static long pidOf(String name) {
        try {
            return Long.parseLong(name.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
