package dev.fleetbench.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file assertions: the expected text lives in {@code src/test/resources/golden/NAME} of the module under
 * test. Run the tests with {@code -Dgolden.update=true} to rewrite the files after an intended change, then review
 * the diff like any other change.
 */
public final class Golden {

    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {
    }

    public static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                if (!Boolean.getBoolean("golden.update")) {
                    throw new AssertionError("golden file " + file + " did not exist; it was written now: review it"
                            + " and run the test again");
                }
            }
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(actual).as("golden file %s (rerun with -Dgolden.update=true after an intended change)", file)
                    .isEqualTo(expected);
        } catch (IOException e) {
            throw new AssertionError("cannot read or write golden file " + file, e);
        }
    }
}
