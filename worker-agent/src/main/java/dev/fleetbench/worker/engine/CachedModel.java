package dev.fleetbench.worker.engine;

/**
 * A model present in the engine's local cache.
 *
 * @param id        variant id
 * @param bytes     bytes it uses on disk; 0 if unknown
 * @param location  file or folder, for people; null if the engine does not say
 */
public record CachedModel(String id, long bytes, String location) {
}
