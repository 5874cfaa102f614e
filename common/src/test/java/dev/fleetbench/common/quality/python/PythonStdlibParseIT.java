package dev.fleetbench.common.quality.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The grammar against real Python: the top-level modules of the installed CPython standard library (Debian's
 * python3, present on the build machines). Runs only where such a library is installed; prints what did not parse.
 */
@EnabledIf("stdlibPresent")
class PythonStdlibParseIT {

    private static final List<String> CANDIDATES =
            List.of("/usr/lib/python3.11", "/usr/lib/python3.12", "/usr/lib/python3.13", "/usr/lib/python3.10");

    static boolean stdlibPresent() {
        return stdlib() != null;
    }

    private static Path stdlib() {
        return CANDIDATES.stream().map(Path::of).filter(p -> Files.isRegularFile(p.resolve("os.py"))).findFirst()
                .orElse(null);
    }

    @Test
    void almostEveryStandardLibraryModuleParses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(stdlib())) {
            files = s.filter(f -> f.toString().endsWith(".py")).sorted().toList();
        }
        List<String> failed = new ArrayList<>();
        int functions = 0;
        long start = System.nanoTime();
        for (Path f : files) {
            PythonSyntax.Parsed p = PythonSyntax.parse(Files.readString(f));
            functions += p.functions().size();
            if (!p.ok()) {
                failed.add(f.getFileName() + ": " + p.error());
            }
        }
        System.out.printf("%s: %d of %d modules parse (%d functions found) in %d ms%n", stdlib(),
                files.size() - failed.size(), files.size(), functions, (System.nanoTime() - start) / 1_000_000);
        failed.forEach(System.out::println);
        assertThat(files).hasSizeGreaterThan(100);
        assertThat(failed.size()).as(String.join("\n", failed)).isLessThanOrEqualTo(files.size() / 20);
        assertThat(functions).isGreaterThan(1000);
    }
}
