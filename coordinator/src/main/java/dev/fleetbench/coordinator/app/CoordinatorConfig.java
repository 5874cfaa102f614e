package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.bus.Hosts;
import dev.fleetbench.coordinator.store.PostgresUrl;
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
 * @param dataDir   where the DuckDB file (and Vert.x's file cache) lives
 * @param token     bearer token for mutating calls and the event stream; null when none is required
 * @param settings  fleet and lease timing
 * @param postgres  the shared PostgreSQL store; null for the embedded DuckDB file in the data directory (the default)
 * @param http      read protection and accepted host names of the HTTP edge
 * @param autoApprove a worker that joins for the first time is approved at once (labs that want no enrollment step);
 *                  when false it is pending until an admin approves it
 */
public record CoordinatorConfig(String httpHost, int httpPort, ClusterSettings cluster, Path dataDir, String token,
                                CoordinatorSettings settings, PostgresUrl postgres, HttpPolicy http,
                                boolean autoApprove) {

    /** A coordinator where new workers wait for an admin's approval. */
    public CoordinatorConfig(String httpHost, int httpPort, ClusterSettings cluster, Path dataDir, String token,
                             CoordinatorSettings settings, PostgresUrl postgres, HttpPolicy http) {
        this(httpHost, httpPort, cluster, dataDir, token, settings, postgres, http, false);
    }

    /** A coordinator with the default HTTP policy (open reads). */
    public CoordinatorConfig(String httpHost, int httpPort, ClusterSettings cluster, Path dataDir, String token,
                             CoordinatorSettings settings, PostgresUrl postgres) {
        this(httpHost, httpPort, cluster, dataDir, token, settings, postgres, HttpPolicy.DEFAULT);
    }

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
        http = http == null ? HttpPolicy.DEFAULT : http;
        if (http.protectReads() && token == null) {
            throw new IllegalArgumentException("--protect-reads needs a token (FLEETBENCH_TOKEN or --token-file)");
        }
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
                + settings + ", postgres=" + postgres + ", http=" + http + ", autoApprove=" + autoApprove + "]";
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
        return new CoordinatorConfig(httpHost, port, cluster, dataDir, token, settings, postgres, http, autoApprove);
    }

    public CoordinatorConfig withCluster(ClusterSettings c) {
        return new CoordinatorConfig(httpHost, httpPort, c, dataDir, token, settings, postgres, http, autoApprove);
    }

    /** The same coordinator, approving new workers at once (true) or leaving them pending for an admin (false). */
    public CoordinatorConfig withAutoApprove(boolean approve) {
        return new CoordinatorConfig(httpHost, httpPort, cluster, dataDir, token, settings, postgres, http, approve);
    }
}
