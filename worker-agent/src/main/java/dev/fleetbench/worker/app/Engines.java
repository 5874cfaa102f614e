package dev.fleetbench.worker.app;

import dev.fleetbench.worker.cli.EngineKind;
import dev.fleetbench.worker.engine.InferenceEngine;
import dev.fleetbench.worker.engine.embedded.EmbeddedConfig;
import dev.fleetbench.worker.engine.embedded.EmbeddedEngine;
import dev.fleetbench.worker.gguf.ModelStore;
import java.nio.file.Path;

/** Builds the engine a command asked for. The only place that knows every engine implementation. */
public final class Engines {

    private Engines() {
    }

    /**
     * @param endpoint  base URL for HTTP engines (ignored by the embedded engine)
     * @param modelsDir GGUF folder of the embedded engine
     * @param threads   inference threads of the embedded engine, or null for the default
     * @throws IllegalArgumentException when a required option is missing, naming it
     */
    public static InferenceEngine create(EngineKind kind, String endpoint, Path modelsDir, Integer threads) {
        return switch (kind) {
            case EMBEDDED -> {
                EmbeddedConfig config = EmbeddedConfig.of(new ModelStore(modelsDir));
                yield new EmbeddedEngine(threads == null ? config : config.withThreads(threads));
            }
            case OPENAI -> throw new IllegalArgumentException("the openai engine is not available in this build");
        };
    }
}
