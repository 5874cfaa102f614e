package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.worker.engine.CachedModel;
import java.util.List;

/**
 * Foundry Local's model cache as {@code fleetbench models} shows it.
 *
 * @param location  the cache folder; null when the service and the CLI do not say
 * @param usedBytes bytes under the folder; -1 when it could not be measured
 * @param freeBytes free bytes on the disk holding it; -1 when unknown
 * @param models    the cached variants with their size
 */
public record CacheReport(String location, long usedBytes, long freeBytes, List<CachedModel> models) {

    public CacheReport {
        models = List.copyOf(models);
    }
}
