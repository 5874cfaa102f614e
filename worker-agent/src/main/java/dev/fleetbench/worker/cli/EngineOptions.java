package dev.fleetbench.worker.cli;

import dev.fleetbench.worker.app.EngineKind;
import dev.fleetbench.worker.app.EngineSettings;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that choose and configure an engine, shared by every command that uses one. */
public final class EngineOptions {

    @Option(names = "--engine", defaultValue = "${env:FLEETBENCH_ENGINE:-embedded}", converter = EngineKindConverter.class,
            description = "embedded (llama.cpp in-process, the default), openai (any OpenAI-compatible server at"
                    + " --endpoint), foundry (Microsoft Foundry Local, found through the foundry CLI on PATH),"
                    + " simulated (no model: load tests of the coordinator)")
    EngineKind engine;

    @Option(names = "--endpoint", defaultValue = "${env:FLEETBENCH_ENDPOINT}",
            description = "Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8080; with --engine foundry"
                    + " a Foundry Local service URL that wins over discovery (else FOUNDRY_LOCAL_ENDPOINT)")
    String endpoint;

    @Option(names = "--data-dir", defaultValue = "${env:FLEETBENCH_DATA_DIR:-${sys:user.home}/.fleetbench}",
            description = "Agent data directory (models, outbox, identity). Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--models-dir", description = "GGUF models of the embedded engine. Default: <data-dir>/models")
    Path modelsDir;

    @Option(names = "--threads", description = "Inference threads of the embedded engine. Default: physical cores less one (at least 1)")
    Integer threads;

    @Option(names = "--llama-lib", defaultValue = "${env:FLEETBENCH_LLAMA_LIB}",
            description = "Folder of a libjllama built for this machine (llama-cpp/build-jllama.sh prints it) that the"
                    + " embedded engine loads instead of the binding's own generic build; named in every sample's"
                    + " fingerprint. Default: the binding's own")
    Path llamaLib;

    @Option(names = "--simulated-models", split = ",", defaultValue = "sim-small,sim-large", hidden = true,
            description = "Model ids of the simulated engine")
    List<String> simulatedModels;

    @Option(names = "--simulated-ttft-ms", defaultValue = "5", hidden = true)
    double simulatedTtftMs;

    @Option(names = "--simulated-token-ms", defaultValue = "1", hidden = true)
    double simulatedTokenMs;

    /** The engine settings these options describe. */
    public EngineSettings settings() {
        return new EngineSettings(engine, endpoint, modelsDir(), threads, simulatedModels, simulatedTtftMs,
                simulatedTokenMs, llamaLib);
    }

    public EngineKind engine() {
        return engine;
    }

    public String endpoint() {
        return endpoint;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path modelsDir() {
        return modelsDir != null ? modelsDir : dataDir.resolve("models");
    }

    public Integer threads() {
        return threads;
    }

    /** Accepts the engine names case-insensitively and lists them when the name is unknown. */
    static final class EngineKindConverter implements picocli.CommandLine.ITypeConverter<EngineKind> {
        @Override
        public EngineKind convert(String value) {
            for (EngineKind k : EngineKind.values()) {
                if (k.toString().equalsIgnoreCase(value.trim())) {
                    return k;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("unknown engine '" + value
                    + "'; expected one of " + java.util.Arrays.toString(EngineKind.values()));
        }
    }
}
