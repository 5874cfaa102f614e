package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.worker.engine.foundry.CliLocator.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding {@code foundry}: Windows' MSIX app execution alias through the file-attribute seam (it reads as neither
 * regular file nor directory, exactly as Java's {@code WindowsFileAttributes} reports a reparse point), and the real
 * Linux file system for links, directories and the execute bit.
 */
class CliLocatorTest {

    private static final String WINDOWS_APPS = "C:\\Users\\lab\\AppData\\Local\\Microsoft\\WindowsApps";

    /** Kinds per path string; everything else is missing. */
    private static CliLocator.FileProbe fake(Map<String, Kind> kinds) {
        return path -> kinds.getOrDefault(path.toString(), Kind.MISSING);
    }

    @Test
    void theAppExecutionAliasOfAnMsixInstallIsFound() {
        // what a normal Foundry Local install leaves: only the alias, no regular foundry.exe anywhere on PATH
        Path alias = Path.of(WINDOWS_APPS).resolve("foundry.exe");
        CliLocator.FileProbe windows = fake(Map.of(alias.toString(), Kind.LINK_OR_ALIAS));

        assertThat(CliLocator.locate(null, "C:\\Windows\\system32;" + WINDOWS_APPS, true, windows))
                .contains(alias.toAbsolutePath());
    }

    @Test
    void anAliasGivenAsOverrideIsAccepted() {
        String alias = WINDOWS_APPS + "\\foundry.exe";
        CliLocator.FileProbe windows = fake(Map.of(Path.of(alias).toString(), Kind.LINK_OR_ALIAS));

        assertThat(CliLocator.locate(alias, null, true, windows)).isPresent();
    }

    @Test
    void aDirectoryNamedFoundryIsNeverTheCli() {
        CliLocator.FileProbe probe = fake(Map.of(Path.of("C:\\tools", "foundry.exe").toString(), Kind.DIRECTORY));

        assertThat(CliLocator.locate(null, "C:\\tools", true, probe)).isEmpty();
    }

    @Test
    void theFirstPathEntryWinsAndAQuotedEntryIsUnquoted() {
        Path quoted = Path.of("C:\\Program Files\\Foundry", "foundry.exe");
        Path later = Path.of(WINDOWS_APPS, "foundry.exe");
        CliLocator.FileProbe probe = fake(Map.of(quoted.toString(), Kind.REGULAR,
                later.toString(), Kind.LINK_OR_ALIAS));

        assertThat(CliLocator.locate(null, "\"C:\\Program Files\\Foundry\";" + WINDOWS_APPS, true, probe))
                .contains(quoted.toAbsolutePath());
    }

    @Test
    void onTheRealFileSystemALinkToTheCliCountsAndADirectoryDoesNot(@TempDir Path tmp) throws IOException {
        Path real = Files.writeString(tmp.resolve("foundry-real"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("foundry"), real);
        Path dirs = Files.createDirectories(tmp.resolve("dirs/foundry")).getParent();
        Path dangling = Files.createDirectory(tmp.resolve("dangling"));
        Files.createSymbolicLink(dangling.resolve("foundry"), tmp.resolve("gone"));

        assertThat(CliLocator.kindOf(bin.resolve("foundry"))).isEqualTo(Kind.LINK_OR_ALIAS);
        assertThat(CliLocator.kindOf(dirs.resolve("foundry"))).isEqualTo(Kind.DIRECTORY);
        assertThat(CliLocator.kindOf(dangling.resolve("foundry"))).isEqualTo(Kind.MISSING);
        assertThat(CliLocator.kindOf(real)).isEqualTo(Kind.REGULAR);
        assertThat(CliLocator.locate(null, dirs + ":" + dangling + ":" + bin, false))
                .contains(bin.resolve("foundry").toAbsolutePath());
    }

    @Test
    void offWindowsTheExecuteBitStillMatters(@TempDir Path tmp) throws IOException {
        Path plain = Files.writeString(tmp.resolve("foundry"), "not executable");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(CliLocator.locate(null, tmp.toString(), false)).isEmpty();
    }
}
