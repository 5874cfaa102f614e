package dev.fleetbench.coordinator.cli;

import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.bus.ListenPorts;
import dev.fleetbench.common.bus.Secret;
import dev.fleetbench.common.cli.SecurityOptions;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import dev.fleetbench.coordinator.store.PostgresUrl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a coordinator process. Built-in defaults, then environment variables, then the command line (each
 * option names its variable); the result is validated once into a {@link CoordinatorConfig}.
 */
final class ServerOptions {

    /** The Hazelcast port workers join (their {@code --join}); workers listen on 5802 and 5803. */
    static final int DEFAULT_CLUSTER_PORT = 5801;
    /**
     * The coordinator's event-bus port on a network address: every worker connects to it, so a firewall on the
     * coordinator's host opens it with the cluster port. Next to the workers' two.
     */
    static final int DEFAULT_BUS_PORT = 5804;

    @Option(names = "--http-host", defaultValue = "${env:FLEETBENCH_HTTP_HOST:-127.0.0.1}",
            description = "Interface of the REST API and web UI (default ${DEFAULT-VALUE}; env FLEETBENCH_HTTP_HOST)")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "${env:FLEETBENCH_HTTP_PORT:-8470}",
            description = "Port of the REST API and web UI, 0 = any free (default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--cluster-host", defaultValue = "${env:FLEETBENCH_CLUSTER_HOST:-127.0.0.1}",
            description = "Interface the cluster binds and advertises (default ${DEFAULT-VALUE})")
    String clusterHost;

    @Option(names = "--cluster-port", defaultValue = "${env:FLEETBENCH_CLUSTER_PORT:-" + DEFAULT_CLUSTER_PORT + "}",
            description = "Hazelcast port workers join, 0 = any free (default ${DEFAULT-VALUE})")
    int clusterPort;

    @Option(names = "--bus-port", defaultValue = "${env:FLEETBENCH_BUS_PORT}",
            description = "Event-bus port workers send every message to (default " + DEFAULT_BUS_PORT
                    + " on a network address, any free port on loopback; 0: any; env FLEETBENCH_BUS_PORT)")
    Integer busPort;

    @Option(names = "--cluster-name", defaultValue = "${env:FLEETBENCH_CLUSTER_NAME:-" + ClusterSettings.DEFAULT_CLUSTER + "}",
            description = "Cluster name (default ${DEFAULT-VALUE})")
    String clusterName;

    @Option(names = "--join", split = ",", description = "Other coordinators host:port to join")
    List<String> join = new ArrayList<>();

    @Option(names = "--multicast", description = "Form the cluster by multicast (labs whose network allows it)")
    boolean multicast;

    @Option(names = "--data-dir", defaultValue = "${env:FLEETBENCH_DATA_DIR:-${sys:user.home}/.fleetbench/coordinator}",
            description = "Where the DuckDB result store lives (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--store", defaultValue = "${env:FLEETBENCH_STORE:-duckdb}",
            description = "Result store: duckdb (a file in --data-dir, the default) or a PostgreSQL URL,"
                    + " postgresql://host[:port]/database or jdbc:postgresql://..., which an active and a standby"
                    + " coordinator can share (env FLEETBENCH_STORE)")
    String store;

    @Option(names = "--store-user", defaultValue = "${env:FLEETBENCH_STORE_USER}",
            description = "PostgreSQL user (env FLEETBENCH_STORE_USER)")
    String storeUser;

    @Option(names = "--store-password-file", paramLabel = "FILE",
            description = "File holding the PostgreSQL password (or env FLEETBENCH_STORE_PASSWORD, or ~/.pgpass);"
                    + " no option takes the password itself, since the process list shows options to every user")
    Path storePasswordFile;

    @Option(names = "--token", defaultValue = "${env:FLEETBENCH_TOKEN}",
            description = "Bearer token required for mutating calls and the event stream (env FLEETBENCH_TOKEN;"
                    + " an option value is visible in the process list: prefer the variable or --token-file)")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the bearer token (overrides FLEETBENCH_TOKEN)")
    Path tokenFile;

    @Option(names = "--protect-reads", description = "Reads of the API (GET /api/..., /metrics) need the token too;"
            + " the UI asks for it once per browser session")
    boolean protectReads;

    @Option(names = "--allowed-host", paramLabel = "NAME", description = "A host name browsers use to reach this"
            + " coordinator (repeatable); IP addresses, localhost, --http-host and this machine's name are always"
            + " accepted, any other Host header is refused (DNS rebinding)")
    java.util.List<String> allowedHosts = new java.util.ArrayList<>();

    @Option(names = "--auto-approve", defaultValue = "${env:FLEETBENCH_AUTO_APPROVE:-false}",
            description = "Approve every worker as it first joins (no enrollment step); by default a new worker waits"
                    + " until an admin approves it (Fleet page, or fleetbench fleet approve)")
    boolean autoApprove;

    @Mixin
    SecurityOptions security = new SecurityOptions();

    CoordinatorConfig config() {
        return config(System.getenv());
    }

    CoordinatorConfig config(Map<String, String> env) {
        ClusterSettings cluster = ClusterSettings.coordinator(clusterName, clusterHost, clusterPort, join)
                .withEventBusPort(ListenPorts.resolve(busPort, DEFAULT_BUS_PORT, clusterHost))
                .withMulticast(multicast).withSecurity(security.security(env));
        Secret fromFile = Secret.resolve("the API token", tokenFile, null);
        return new CoordinatorConfig(httpHost, httpPort, cluster, dataDir,
                fromFile != null ? fromFile.reveal() : token, CoordinatorSettings.DEFAULTS, postgres(env),
                new dev.fleetbench.coordinator.app.HttpPolicy(protectReads, allowedHosts), autoApprove);
    }

    /** Null for DuckDB; a bad value fails with what is wrong and the URL's password masked. */
    private PostgresUrl postgres(Map<String, String> env) {
        if (store == null || store.isBlank() || store.equalsIgnoreCase("duckdb")) {
            return null;
        }
        if (!PostgresUrl.isPostgres(store)) {
            throw new IllegalArgumentException("--store '" + PostgresUrl.redact(store) + "' is neither duckdb nor a"
                    + " PostgreSQL URL (postgresql://host[:port]/database)");
        }
        Secret password = Secret.resolve("the store password", storePasswordFile, env.get("FLEETBENCH_STORE_PASSWORD"));
        return PostgresUrl.parse(store, storeUser, password == null ? null : password.reveal());
    }
}
