package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.OsFamily;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the probe reads the machine from: the OS family and JVM facts, a file-system root for {@code /proc},
 * {@code /sys} and {@code /etc}, and a command runner. The real machine uses {@code /} and real processes; tests use
 * a fixture directory and canned command output. Immutable and thread-safe when the runner is.
 *
 * @param family    the OS family the probe takes paths for
 * @param arch      the JVM's {@code os.arch}, not yet normalised
 * @param osVersion the JVM's {@code os.version} ("10.0" on Windows 10 and 11, the kernel release on Linux)
 * @param root      the directory that stands for {@code /}
 * @param runner    runs external commands
 * @param timeout   the limit for one ordinary command
 */
record ProbeContext(OsFamily family, String arch, String osVersion, Path root, CommandRunner runner,
                    Duration timeout) {

    /** Windows PowerShell needs a second or two just to start, and CIM queries are slow on a cold machine. */
    static final Duration POWERSHELL_TIMEOUT = Duration.ofSeconds(15);

    /** The machine this JVM runs on, with commands limited to 5 s. */
    static ProbeContext system() {
        return new ProbeContext(OsFamily.parse(System.getProperty("os.name")), System.getProperty("os.arch"),
                System.getProperty("os.version"), Path.of("/"), new ProcessCommandRunner(), Duration.ofSeconds(5));
    }

    /** The text of a file below the root ("proc/cpuinfo"), or null when it cannot be read. */
    String readFile(String relative) {
        return readFile(root.resolve(relative));
    }

    /** The text of a file, or null when it cannot be read; sysfs files throw on read for absent attributes. */
    static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Runs a command with the ordinary timeout. */
    CommandResult run(String... command) {
        return run(timeout, command);
    }

    /** Runs a command with its own timeout; a runner that throws despite its contract still yields a result. */
    CommandResult run(Duration limit, String... command) {
        List<String> list = List.of(command);
        try {
            CommandResult result = runner.run(list, limit);
            return result == null ? CommandResult.failed(list, "no result") : result;
        } catch (RuntimeException e) {
            return CommandResult.failed(list, e.toString());
        }
    }
}
