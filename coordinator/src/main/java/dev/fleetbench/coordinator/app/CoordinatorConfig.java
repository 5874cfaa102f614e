package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.bus.ClusterSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything one coordinator process is configured with, validated once. Immutable.
 *
 * @param httpHost  interface of the REST API and UI (loopback unless told otherwise)
 * @param httpPort  port of the REST API and UI; 0 picks a free one
 * @param cluster   how it forms the cluster
 * @param dataDir   where the DuckDB file lives
 * @param token     bearer token for mutating calls; null when none is required
 * @param settings  fleet and lease timing
 */
public record CoordinatorConfig(String httpHost, int httpPort, ClusterSettings cluster, Path dataDir, String token,
                                CoordinatorSettings settings) {

    public CoordinatorConfig {
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(settings, "settings");
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("http port " + httpPort + " is out of range 0..65535");
        }
        token = token == null || token.isBlank() ? null : token;
    }

    /** True when the API listens beyond this machine. */
    public boolean publicBinding() {
        return !(httpHost.equals("127.0.0.1") || httpHost.equals("localhost") || httpHost.equals("::1"));
    }

    /** The store file in the data directory. */
    public Path storeFile() {
        return dataDir.resolve("fleetbench.duckdb");
    }
}
