package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.OsFamily;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Captured OS output under {@code src/test/resources/hardware}, and probe contexts that read it. */
final class HardwareFixtures {

    /** Read as files, not from the class path: sysfs readers need a real directory tree as their root. */
    static final Path DIR = Path.of("src", "test", "resources", "hardware");

    private HardwareFixtures() {
    }

    static Path path(String relative) {
        return DIR.resolve(relative);
    }

    static String text(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a fixture, as OSHI would return a list (feature flags). */
    static List<String> lines(String relative) {
        return text(relative).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    static ProbeContext context(OsFamily family, String arch, String osVersion, Path root, CommandRunner runner) {
        return new ProbeContext(family, arch, osVersion, root, runner, Duration.ofSeconds(5));
    }
}
