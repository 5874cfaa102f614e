package dev.fleetbench.worker.engine.foundry;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the {@code foundry} executable as {@code which}/{@code where} would (the SDKs' first step): an explicit
 * override wins, else the first {@code PATH} entry holding an executable {@code foundry} (on Windows with the
 * {@code PATHEXT} extensions, {@code .exe} first). We resolve it ourselves because a Java child process is looked
 * up on the JVM's own {@code PATH}, which tests cannot change.
 *
 * <p>Foundry Local installs as an MSIX package: its {@code foundry.exe} on {@code PATH} is an app execution alias in
 * {@code %LOCALAPPDATA%\Microsoft\WindowsApps}, a zero-byte reparse point (tag {@code IO_REPARSE_TAG_APPEXECLINK})
 * that Java's {@code Files.isRegularFile} reports as "other", not regular, and that cannot be followed like a
 * symbolic link. So a candidate counts when it exists without following links and is not a directory; Windows
 * itself resolves the alias when the process starts. The alias only resolves inside the installing user's logged-on
 * session, which is why a worker run as a service needs that user's account.
 */
final class CliLocator {

    /** What the file system says a path is, read without following links. */
    enum Kind {
        /** Nothing there (or unreadable). */
        MISSING,
        /** A directory: never the CLI. */
        DIRECTORY,
        /** A regular file. */
        REGULAR,
        /** A symbolic link, or a reparse point such as an app execution alias ("other" to Java). */
        LINK_OR_ALIAS
    }

    /** Reads a path's {@link Kind}; the seam through which tests reproduce Windows' app execution aliases. */
    @FunctionalInterface
    interface FileProbe {
        Kind kind(Path path);

        /** Whether the file may be executed (only asked off Windows, where the execute bit matters). */
        default boolean executable(Path path) {
            return Files.isExecutable(path);
        }
    }

    /** The real file system, read with {@code NOFOLLOW_LINKS} so an alias is seen as what it is. */
    static final FileProbe FILE_SYSTEM = CliLocator::kindOf;

    private CliLocator() {
    }

    static Optional<Path> locate(String override, String searchPath, boolean windows) {
        return locate(override, searchPath, windows, FILE_SYSTEM);
    }

    static Optional<Path> locate(String override, String searchPath, boolean windows, FileProbe probe) {
        if (override != null) {
            Path p = Path.of(override);
            return launchable(probe.kind(p)) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
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
                    Path p = Path.of(unquote(dir.strip())).resolve(name);
                    if (launchable(probe.kind(p)) && (windows || probe.executable(p))) {
                        return Optional.of(p.toAbsolutePath());
                    }
                } catch (RuntimeException invalidEntry) {
                    // a malformed PATH entry: skip it
                }
            }
        }
        return Optional.empty();
    }

    private static boolean launchable(Kind kind) {
        return kind == Kind.REGULAR || kind == Kind.LINK_OR_ALIAS;
    }

    /** Windows allows a PATH entry in double quotes (a folder with a ';' in its name); cmd.exe strips them. */
    private static String unquote(String dir) {
        return dir.length() >= 2 && dir.startsWith("\"") && dir.endsWith("\"") ? dir.substring(1, dir.length() - 1)
                : dir;
    }

    static Kind kindOf(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isDirectory()) {
                return Kind.DIRECTORY;
            }
            if (a.isSymbolicLink()) {
                // a real symbolic link can be followed: judge what it points at (a dangling link is nothing)
                return Files.isDirectory(path) ? Kind.DIRECTORY
                        : Files.isRegularFile(path) ? Kind.LINK_OR_ALIAS : Kind.MISSING;
            }
            // "other" is how Java sees a reparse point it cannot follow, such as an app execution alias
            return a.isRegularFile() ? Kind.REGULAR : Kind.LINK_OR_ALIAS;
        } catch (IOException | SecurityException e) {
            return Kind.MISSING;
        }
    }
}
