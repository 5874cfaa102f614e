package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.worker.gguf.ModelStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Windows on ARM the binding has no library: the catalog is empty and says why, instead of advertising models
 * whose every cell would fail. The platform is what the JVM reports ({@code os.name}, {@code os.arch}), set here for
 * the duration of one call.
 */
class EmbeddedUnsupportedPlatformTest {

    private static final String[] KEYS = {"os.name", "os.arch"};

    @Test
    void windowsOnArmOffersNoModelsAndSaysWhy(@TempDir Path dir) throws Exception {
        EmbeddedEngine engine = new EmbeddedEngine(EmbeddedConfig.of(new ModelStore(dir)));
        String[] saved = {System.getProperty(KEYS[0]), System.getProperty(KEYS[1])};
        try {
            System.setProperty("os.name", "Windows 11");
            System.setProperty("os.arch", "aarch64");

            assertThat(engine.catalog()).isEmpty();
            assertThat(engine.catalogProblems()).singleElement().asString()
                    .contains("ships no native library for Windows aarch64").contains("Foundry Local");
        } finally {
            System.setProperty(KEYS[0], saved[0]);
            System.setProperty(KEYS[1], saved[1]);
        }
        assertThat(engine.catalog()).as("back on this JVM's own platform").isNotEmpty();
        assertThat(NativeLlama.unsupported(NativePlatform.of("Windows 11", "amd64"))).isNull();
    }
}
