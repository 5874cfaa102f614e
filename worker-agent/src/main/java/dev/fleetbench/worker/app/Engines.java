package dev.fleetbench.worker.app;

import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.worker.engine.InferenceEngine;
import dev.fleetbench.worker.engine.foundry.FoundryConfig;
import dev.fleetbench.worker.engine.foundry.FoundryEngine;
import dev.fleetbench.worker.hardware.HardwareProbe;
import dev.fleetbench.worker.engine.embedded.EmbeddedConfig;
import dev.fleetbench.worker.engine.embedded.EmbeddedEngine;
import dev.fleetbench.worker.engine.embedded.NativeLibrary;
import dev.fleetbench.worker.engine.openai.OpenAiEngine;
import dev.fleetbench.worker.engine.simulated.SimulatedEngine;
import dev.fleetbench.worker.gguf.ModelStore;
import java.util.function.Supplier;

/** Builds the engine a command asked for. The only place that knows every engine implementation. */
public final class Engines {

    private Engines() {
    }

    /**
     * As {@link #create(EngineSettings, Supplier)}, probing the hardware only if the engine asks for it.
     *
     * @throws IllegalArgumentException when a required option is missing, naming it
     */
    public static InferenceEngine create(EngineSettings s) {
        return create(s, () -> HardwareProbe.system().probe());
    }

    /**
     * @param profile this machine's hardware profile, asked for lazily (Foundry Local records it beside each alias
     *                resolution and flags a variant whose device the profile does not show)
     * @throws IllegalArgumentException when a required option is missing, naming it
     */
    public static InferenceEngine create(EngineSettings s, Supplier<HardwareProfile> profile) {
        return switch (s.kind()) {
            case EMBEDDED -> {
                EmbeddedConfig config = EmbeddedConfig.of(new ModelStore(s.modelsDir()));
                if (s.llamaLib() != null) {
                    config = config.withLibrary(NativeLibrary.configured(s.llamaLib(), null));
                }
                yield new EmbeddedEngine(s.threads() == null ? config : config.withThreads(s.threads()));
            }
            case OPENAI -> {
                if (s.endpoint() == null || s.endpoint().isBlank()) {
                    throw new IllegalArgumentException("--endpoint is required with --engine openai (e.g. http://127.0.0.1:8080)");
                }
                yield OpenAiEngine.forEndpoint(s.endpoint());
            }
            case FOUNDRY -> FoundryEngine.create(FoundryConfig.fromEnvironment(s.endpoint()), memoize(profile));
            case SIMULATED -> new SimulatedEngine(s.simulatedModels(), s.simulatedTtftMs(), s.simulatedTokenMs());
        };
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
