package dev.fleetbench.common.protocol;

/**
 * The engine a worker drives, as it registers it.
 *
 * @param kind    "embedded", "openai" or "foundry"
 * @param version engine version text; null if unknown
 */
public record EngineDescriptor(String kind, String version) {
}
