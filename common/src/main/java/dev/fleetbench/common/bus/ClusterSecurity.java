package dev.fleetbench.common.bus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a member protects the cluster (docs/security.md): a cluster secret (membership and registration) and mutual
 * TLS on the event bus. Either may be absent, which is fine on loopback and warned about elsewhere
 * ({@link #warnings}). Immutable; {@link #toString()} never shows a secret or a password.
 *
 * @param secret the cluster secret, or null for none
 * @param tls    event-bus TLS, or null for plain TCP
 */
public record ClusterSecurity(ClusterSecret secret, TlsSettings tls) {

    public static final ClusterSecurity NONE = new ClusterSecurity(null, null);

    /** The environment variables this reads (the command line overrides each). */
    public static final String ENV_SECRET = "FLEETBENCH_CLUSTER_SECRET";
    public static final String ENV_KEYSTORE_PASSWORD = "FLEETBENCH_TLS_KEYSTORE_PASSWORD";
    public static final String ENV_TRUSTSTORE_PASSWORD = "FLEETBENCH_TLS_TRUSTSTORE_PASSWORD";

    /**
     * Builds the security of a member from its options and environment: secrets come from a file or the
     * environment, never from the command line (where any user of the machine can read them in the process list).
     *
     * @param secretFile             --cluster-secret-file, or null
     * @param keyStore               --tls-keystore, or null for no TLS
     * @param keyStorePasswordFile   --tls-keystore-password-file, or null
     * @param trustStore             --tls-truststore, or null
     * @param trustStorePasswordFile --tls-truststore-password-file, or null; without any truststore password the
     *                               keystore's is used (one password for a member's two files is common)
     * @param env                    the environment
     * @throws IllegalArgumentException naming the option that is wrong (never a secret's value)
     */
    public static ClusterSecurity from(Path secretFile, Path keyStore, Path keyStorePasswordFile, Path trustStore,
                                       Path trustStorePasswordFile, Map<String, String> env) {
        Secret secret = Secret.resolve("the cluster secret", secretFile, env.get(ENV_SECRET));
        TlsSettings tls = null;
        if (keyStore != null || trustStore != null) {
            if (keyStore == null || trustStore == null) {
                throw new IllegalArgumentException("event-bus TLS is mutual: give both --tls-keystore and"
                        + " --tls-truststore");
            }
            Secret keyPassword = Secret.resolve("the TLS keystore password", keyStorePasswordFile,
                    env.get(ENV_KEYSTORE_PASSWORD));
            Secret trustPassword = Secret.resolve("the TLS truststore password", trustStorePasswordFile,
                    env.get(ENV_TRUSTSTORE_PASSWORD));
            tls = new TlsSettings(keyStore, keyPassword, trustStore, trustPassword == null ? keyPassword : trustPassword);
            String problem = tls.problem();
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        return new ClusterSecurity(secret == null ? null : new ClusterSecret(secret), tls);
    }

    /** The name Hazelcast sees: the configured one, bound to the secret when there is one. */
    public String hazelcastClusterName(String clusterName) {
        return secret == null ? clusterName : secret.hazelcastClusterName(clusterName);
    }

    /**
     * Loud warnings for a member whose cluster interface is reachable from other machines without protection.
     *
     * @param host the interface the member binds
     * @param role "coordinator" or "worker", for the text
     */
    public List<String> warnings(String host, String role) {
        if (Hosts.isLoopback(host)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (secret == null) {
            out.add("the " + role + "'s cluster listens on " + host + " without a cluster secret: any machine that"
                    + " can reach it can join the cluster" + ("coordinator".equals(role) ? " and register as a worker"
                    : "") + ". Set FLEETBENCH_CLUSTER_SECRET or --cluster-secret-file.");
        }
        if (tls == null) {
            out.add("the " + role + "'s event bus on " + host + " is plain TCP: anyone on the network can read and"
                    + " inject worker messages" + ("coordinator".equals(role) ? ", and any cluster member can consume"
                    + " the samples address (model answers, session tokens)" : "")
                    + ". Set --tls-keystore and --tls-truststore.");
        }
        return out;
    }
}
