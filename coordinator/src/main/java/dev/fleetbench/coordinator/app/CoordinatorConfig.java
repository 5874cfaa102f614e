package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.bus.Hosts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one coordinator process is configured with, validated once. Immutable. {@link #toString()} never shows
 * the token (nor, through {@link ClusterSettings}, the cluster secret or a keystore password).
 *
 * @param httpHost  interface of the REST API and UI (loopback unless told otherwise)
 * @param httpPort  port of the REST API and UI; 0 picks a free one
 * @param cluster   how it forms the cluster
 * @param dataDir   where the DuckDB file lives
 * @param token     bearer token for mutating calls and the event stream; null when none is required
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
        return !Hosts.isLoopback(httpHost);
    }

    /**
     * What is reachable from other machines without protection, in words for the operator: the API without a token,
     * the cluster without a secret, the event bus without TLS. Empty when all is on loopback or protected.
     */
    public List<String> securityWarnings() {
        List<String> out = new ArrayList<>();
        if (publicBinding() && token == null) {
            out.add("the API listens on " + httpHost + " without a token: anyone who can reach this port can start and"
                    + " cancel campaigns. Set FLEETBENCH_TOKEN or --token-file.");
        }
        out.addAll(cluster.security().warnings(cluster.host(), "coordinator"));
        return out;
    }

    @Override
    public String toString() {
        return "CoordinatorConfig[httpHost=" + httpHost + ", httpPort=" + httpPort + ", cluster=" + cluster
                + ", dataDir=" + dataDir + ", token=" + (token == null ? "none" : "[redacted]") + ", settings="
                + settings + "]";
    }

    /** The store file in the data directory. */
    public Path storeFile() {
        return dataDir.resolve("fleetbench.duckdb");
    }
}
