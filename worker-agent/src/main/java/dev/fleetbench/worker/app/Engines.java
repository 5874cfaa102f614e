package dev.fleetbench.worker.app;

import dev.fleetbench.worker.engine.InferenceEngine;
import dev.fleetbench.worker.engine.embedded.EmbeddedConfig;
import dev.fleetbench.worker.engine.embedded.EmbeddedEngine;
import dev.fleetbench.worker.engine.openai.OpenAiEngine;
import dev.fleetbench.worker.engine.simulated.SimulatedEngine;
import dev.fleetbench.worker.gguf.ModelStore;

/** Builds the engine a command asked for. The only place that knows every engine implementation. */
public final class Engines {

    private Engines() {
    }

    /** @throws IllegalArgumentException when a required option is missing, naming it */
    public static InferenceEngine create(EngineSettings s) {
        return switch (s.kind()) {
            case EMBEDDED -> {
                EmbeddedConfig config = EmbeddedConfig.of(new ModelStore(s.modelsDir()));
                yield new EmbeddedEngine(s.threads() == null ? config : config.withThreads(s.threads()));
            }
            case OPENAI -> {
                if (s.endpoint() == null || s.endpoint().isBlank()) {
                    throw new IllegalArgumentException("--endpoint is required with --engine openai (e.g. http://127.0.0.1:8080)");
                }
                yield OpenAiEngine.forEndpoint(s.endpoint());
            }
            case SIMULATED -> new SimulatedEngine(s.simulatedModels(), s.simulatedTtftMs(), s.simulatedTokenMs());
        };
    }
}
