package dev.fleetbench.worker.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Which engine to build and how. Immutable; validated when the engine is built.
 *
 * @param kind            engine kind
 * @param endpoint        base URL of an HTTP engine; null for the others
 * @param modelsDir       GGUF folder of the embedded engine
 * @param threads         inference threads of the embedded engine, or null for the default
 * @param simulatedModels model ids the simulated engine offers
 * @param simulatedTtftMs simulated time to first token
 * @param simulatedTokenMs simulated time per token
 * @param llamaLib        folder of a machine-built native library for the embedded engine, or null for the binding's
 */
public record EngineSettings(EngineKind kind, String endpoint, Path modelsDir, Integer threads,
                             List<String> simulatedModels, double simulatedTtftMs, double simulatedTokenMs,
                             Path llamaLib) {

    public EngineSettings {
        Objects.requireNonNull(kind, "kind");
        simulatedModels = List.copyOf(simulatedModels);
    }
}
