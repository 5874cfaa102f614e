package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.coordinator.store.PostgresUrl;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything one coordinator process is configured with, validated once. Immutable.
 *
 * @param httpHost  interface of the REST API and UI (loopback unless told otherwise)
 * @param httpPort  port of the REST API and UI; 0 picks a free one
 * @param cluster   how it forms the cluster
 * @param dataDir   where the DuckDB file (and Vert.x's file cache) lives
 * @param token     bearer token for mutating calls; null when none is required
 * @param settings  fleet and lease timing
 * @param postgres  the shared PostgreSQL store; null for the embedded DuckDB file in the data directory (the default)
 */
public record CoordinatorConfig(String httpHost, int httpPort, ClusterSettings cluster, Path dataDir, String token,
                                CoordinatorSettings settings, PostgresUrl postgres) {

    /** A coordinator on the embedded DuckDB store. */
    public CoordinatorConfig(String httpHost, int httpPort, ClusterSettings cluster, Path dataDir, String token,
                             CoordinatorSettings settings) {
        this(httpHost, httpPort, cluster, dataDir, token, settings, null);
    }

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

    /** The store file in the data directory (DuckDB). */
    public Path storeFile() {
        return dataDir.resolve("fleetbench.duckdb");
    }

    /** Where results are stored, for people: the DuckDB file or the PostgreSQL URL (never a password). */
    public String storeDescription() {
        return postgres == null ? storeFile().toString() : "PostgreSQL " + postgres;
    }

    public CoordinatorConfig withHttpPort(int port) {
        return new CoordinatorConfig(httpHost, port, cluster, dataDir, token, settings, postgres);
    }

    public CoordinatorConfig withCluster(ClusterSettings c) {
        return new CoordinatorConfig(httpHost, httpPort, c, dataDir, token, settings, postgres);
    }
}
