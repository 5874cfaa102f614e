package dev.fleetbench.worker.engine;

/**
 * What an engine says about itself, for fingerprints and for people.
 *
 * @param kind     "embedded", "openai" or "foundry"
 * @param version  engine version text ("llama.cpp b4916 (de.kherud:llama 4.1.0)", "Foundry Local 0.8.119"); null if unknown
 * @param endpoint base URL for HTTP engines; null for the embedded engine
 */
public record EngineInfo(String kind, String version, String endpoint) {
}
