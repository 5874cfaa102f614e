package dev.fleetbench.common.cli;

import dev.fleetbench.common.bus.ClusterSecurity;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Cluster secret and event-bus TLS options (docs/security.md). Secrets and passwords are read from a file or an
 * environment variable, never taken as option values: the command line is visible to every user of the machine.
 * A picocli mixin shared by the worker's and the coordinator's commands.
 */
public final class SecurityOptions {

    @Option(names = "--cluster-secret-file", paramLabel = "FILE",
            defaultValue = "${env:FLEETBENCH_CLUSTER_SECRET_FILE}",
            description = "File holding the cluster secret (or env FLEETBENCH_CLUSTER_SECRET): members without it"
                    + " never join, workers prove it when they register")
    Path secretFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE", defaultValue = "${env:FLEETBENCH_TLS_KEYSTORE}",
            description = "PKCS12 (.p12) or JKS (.jks) keystore with this member's key and certificate: turns on"
                    + " mutual TLS on the event bus (env FLEETBENCH_TLS_KEYSTORE)")
    Path keyStore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE",
            description = "File holding the keystore password (or env FLEETBENCH_TLS_KEYSTORE_PASSWORD)")
    Path keyStorePasswordFile;

    @Option(names = "--tls-truststore", paramLabel = "FILE", defaultValue = "${env:FLEETBENCH_TLS_TRUSTSTORE}",
            description = "PKCS12 or JKS truststore with the certificates of the members to accept"
                    + " (env FLEETBENCH_TLS_TRUSTSTORE)")
    Path trustStore;

    @Option(names = "--tls-truststore-password-file", paramLabel = "FILE",
            description = "File holding the truststore password (or env FLEETBENCH_TLS_TRUSTSTORE_PASSWORD;"
                    + " default: the keystore's)")
    Path trustStorePasswordFile;

    public ClusterSecurity security(Map<String, String> env) {
        return ClusterSecurity.from(secretFile, keyStore, keyStorePasswordFile, trustStore, trustStorePasswordFile, env);
    }
}
