package dev.fleetbench.worker.engine;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an engine says about itself, for fingerprints and for people.
 *
 * @param kind     "embedded", "openai" or "foundry"
 * @param version  engine version text ("llama.cpp b4916 (de.kherud:llama 4.1.0)", "Foundry Local 0.8.119"); null if unknown
 * @param endpoint base URL for HTTP engines; null for the embedded engine
 * @param settings engine settings that change its speed (the embedded engine's threads, context and batch sizes,
 *                 OpenMP wait policy), sorted by key; empty when the engine has none of its own. Never null.
 */
public record EngineInfo(String kind, String version, String endpoint, Map<String, String> settings) {

    public EngineInfo {
        settings = settings == null || settings.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** An engine without settings of its own. */
    public EngineInfo(String kind, String version, String endpoint) {
        this(kind, version, endpoint, Map.of());
    }
}
