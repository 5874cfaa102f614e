package dev.fleetbench.common.bus;

import dev.fleetbench.common.protocol.RegisterProof;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret shared by the members of one FleetBench cluster, and the two things it does (docs/security.md):
 * <ul>
 *   <li>it is mixed into the Hazelcast cluster name ({@link #hazelcastClusterName}), so a node without it forms or
 *       joins another cluster and never becomes a member of this one;</li>
 *   <li>a worker proves it at registration ({@link #prove}, {@link #check}) with an HMAC over its id, a time and a
 *       nonce, so a node that only copied the derived cluster name off the network is refused by the coordinator.</li>
 * </ul>
 * The secret itself never leaves the process. Immutable, thread-safe; {@link #toString()} is redacted.
 */
public final class ClusterSecret {

    /** Shorter secrets are refused: the derived cluster name is visible on the network and invites guessing. */
    public static final int MIN_LENGTH = 16;
    /** How far a proof's time may be from the coordinator's clock (lab PCs drift; NTP keeps them within seconds). */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private static final String NAME_CONTEXT = "fleetbench/cluster-name/v1\n";
    private static final String PROOF_CONTEXT = "fleetbench/register/v1\n";
    private static final HexFormat HEX = HexFormat.of();

    private final Secret secret;

    public ClusterSecret(Secret secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the cluster secret has " + secret.length() + " characters; at least "
                    + MIN_LENGTH + " are required (e.g. `openssl rand -hex 32`)");
        }
        this.secret = secret;
    }

    /**
     * The Hazelcast cluster name for a configured cluster name: the name plus 16 hex digits of an HMAC of it under
     * the secret. Members agree on it only when they agree on both; the suffix reveals nothing usable about the
     * secret.
     */
    public String hazelcastClusterName(String clusterName) {
        return clusterName + "-" + hmac(NAME_CONTEXT + clusterName).substring(0, 16);
    }

    /** A proof for a registration of {@code workerId} made at {@code now} with a fresh random {@code nonce}. */
    public RegisterProof prove(String clusterName, String workerId, Instant now, String nonce) {
        long at = now.toEpochMilli();
        return new RegisterProof(at, nonce, hmac(proofText(clusterName, workerId, at, nonce)));
    }

    /**
     * Checks a registration's proof (the nonce's freshness is the caller's business).
     *
     * @return null when the proof is good, else why not, in words a lab admin can act on (never the secret)
     */
    public String check(String clusterName, String workerId, RegisterProof proof, Instant now) {
        if (proof == null) {
            return "this coordinator requires the cluster secret: start the worker with --cluster-secret-file or"
                    + " FLEETBENCH_CLUSTER_SECRET";
        }
        if (proof.nonce() == null || !proof.nonce().matches("[0-9a-f]{16,64}") || proof.mac() == null) {
            return "the cluster-secret proof is malformed";
        }
        long skewMs = proof.issuedAtMs() - now.toEpochMilli();
        if (Math.abs(skewMs) > WINDOW.toMillis()) {
            return "the cluster-secret proof is " + Math.abs(skewMs) / 1000 + " s " + (skewMs < 0 ? "old" : "ahead of"
                    + " this coordinator's clock") + "; at most " + WINDOW.toSeconds() + " s are accepted (check the"
                    + " worker's clock)";
        }
        String expected = hmac(proofText(clusterName, workerId, proof.issuedAtMs(), proof.nonce()));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                proof.mac().getBytes(StandardCharsets.US_ASCII))) {
            return "the cluster-secret proof does not match: the worker has another cluster secret";
        }
        return null;
    }

    private static String proofText(String clusterName, String workerId, long at, String nonce) {
        return PROOF_CONTEXT + clusterName + "\n" + workerId + "\n" + at + "\n" + nonce;
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterSecret c && secret.equals(c.secret);
    }

    @Override
    public int hashCode() {
        return secret.hashCode();
    }

    @Override
    public String toString() {
        return "ClusterSecret" + secret;
    }
}
