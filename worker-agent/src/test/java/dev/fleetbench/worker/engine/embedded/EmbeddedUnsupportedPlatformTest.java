package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.worker.gguf.ModelStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Windows on ARM the binding has no library: the catalog is empty and says why, instead of advertising models
 * whose every cell would fail. The platform is the engine's seam (what the JVM reports as {@code os.name} and
 * {@code os.arch}).
 */
class EmbeddedUnsupportedPlatformTest {

    @Test
    void windowsOnArmOffersNoModelsAndSaysWhy(@TempDir Path dir) throws Exception {
        EmbeddedEngine engine = new EmbeddedEngine(EmbeddedConfig.of(new ModelStore(dir)),
                NativePlatform.of("Windows 11", "aarch64"));

        assertThat(engine.catalog()).isEmpty();
        assertThat(engine.catalogProblems()).singleElement().asString()
                .contains("ships no native library for Windows aarch64").contains("Foundry Local");

        EmbeddedEngine here = new EmbeddedEngine(EmbeddedConfig.of(new ModelStore(dir)));
        assertThat(here.catalog()).as("this JVM's own platform").isNotEmpty();
        assertThat(NativeLlama.unsupported(NativePlatform.of("Windows 11", "amd64"))).isNull();
    }
}
