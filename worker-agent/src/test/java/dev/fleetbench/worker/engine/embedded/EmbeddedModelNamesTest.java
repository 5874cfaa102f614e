package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.gguf.ModelStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model name that cannot be a file name here ("foo:2", illegal on Windows) is a clear MODEL_NOT_FOUND. */
class EmbeddedModelNamesTest {

    @Test
    void aVersionedFoundryStyleNameIsNotFoundNotAnInvalidPath(@TempDir Path dir) {
        EmbeddedEngine engine = new EmbeddedEngine(EmbeddedConfig.of(new ModelStore(dir)));

        assertThatThrownBy(() -> engine.resolve("foo:2", null))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(FailureCode.MODEL_NOT_FOUND))
                .hasMessageContaining("foo:2");
    }
}
