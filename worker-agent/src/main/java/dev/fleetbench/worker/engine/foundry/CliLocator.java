package dev.fleetbench.worker.engine.foundry;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the {@code foundry} executable as {@code which}/{@code where} would (the SDKs' first step): an explicit
 * override wins, else the first {@code PATH} entry holding an executable {@code foundry} (on Windows with the
 * {@code PATHEXT} extensions, {@code .exe} first). We resolve it ourselves because a Java child process is looked
 * up on the JVM's own {@code PATH}, which tests cannot change.
 */
final class CliLocator {

    private CliLocator() {
    }

    static Optional<Path> locate(String override, String searchPath, boolean windows) {
        if (override != null) {
            Path p = Path.of(override);
            return Files.isRegularFile(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        if (searchPath == null || searchPath.isBlank()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        if (windows) {
            names.add("foundry.exe");
            names.add("foundry.cmd");
            names.add("foundry.bat");
        }
        names.add("foundry");
        for (String dir : searchPath.split(windows ? ";" : File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String name : names) {
                try {
                    Path p = Path.of(dir.strip()).resolve(name);
                    if (Files.isRegularFile(p) && (windows || Files.isExecutable(p))) {
                        return Optional.of(p.toAbsolutePath());
                    }
                } catch (RuntimeException invalidEntry) {
                    // a malformed PATH entry: skip it
                }
            }
        }
        return Optional.empty();
    }
}
