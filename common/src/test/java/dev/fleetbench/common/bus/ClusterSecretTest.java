package dev.fleetbench.common.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.protocol.RegisterProof;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClusterSecretTest {

    private static final String VALUE = "correct horse battery staple";
    private static final ClusterSecret SECRET = new ClusterSecret(Secret.of(VALUE));
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final String NONCE = "00112233445566778899aabbccddeeff";

    @Test
    void theHazelcastNameIsBoundToTheSecretAndTheNameAndRevealsNeither() {
        String name = SECRET.hazelcastClusterName("lab");
        assertThat(name).matches("lab-[0-9a-f]{16}").doesNotContain(VALUE);
        assertThat(SECRET.hazelcastClusterName("lab")).as("stable: every member derives the same").isEqualTo(name);
        assertThat(new ClusterSecret(Secret.of(VALUE + "!")).hazelcastClusterName("lab")).isNotEqualTo(name);
        assertThat(SECRET.hazelcastClusterName("lab2")).doesNotStartWith(name);
    }

    @Test
    void aProofFromTheSameSecretPasses() {
        RegisterProof p = SECRET.prove("lab", "w-1", NOW, NONCE);
        assertThat(p.mac()).matches("[0-9a-f]{64}").doesNotContain(VALUE);
        assertThat(SECRET.check("lab", "w-1", p, NOW.plusSeconds(3))).isNull();
        assertThat(new ClusterSecret(Secret.of(VALUE)).check("lab", "w-1", p, NOW)).as("another instance, same value")
                .isNull();
    }

    @Test
    void aProofIsRefusedWithAReasonWhenMissingWrongForeignOrStale() {
        RegisterProof p = SECRET.prove("lab", "w-1", NOW, NONCE);
        assertThat(SECRET.check("lab", "w-1", null, NOW)).contains("requires the cluster secret")
                .contains("--cluster-secret-file").contains("FLEETBENCH_CLUSTER_SECRET");
        ClusterSecret other = new ClusterSecret(Secret.of("another secret of some length"));
        assertThat(SECRET.check("lab", "w-1", other.prove("lab", "w-1", NOW, NONCE), NOW))
                .isEqualTo("the cluster-secret proof does not match: the worker has another cluster secret");
        assertThat(SECRET.check("lab", "w-2", p, NOW)).as("bound to the worker id").contains("does not match");
        assertThat(SECRET.check("other-lab", "w-1", p, NOW)).as("bound to the cluster name").contains("does not match");
        assertThat(SECRET.check("lab", "w-1", new RegisterProof(p.issuedAtMs() + 1, p.nonce(), p.mac()), NOW))
                .as("bound to the time").contains("does not match");
        assertThat(SECRET.check("lab", "w-1", p, NOW.plus(ClusterSecret.WINDOW).plusSeconds(1)))
                .isEqualTo("the cluster-secret proof is 301 s old; at most 300 s are accepted (check the worker's clock)");
        assertThat(SECRET.check("lab", "w-1", p, NOW.minus(Duration.ofMinutes(10))))
                .startsWith("the cluster-secret proof is 600 s ahead of this coordinator's clock");
        assertThat(SECRET.check("lab", "w-1", new RegisterProof(p.issuedAtMs(), "not hex!", p.mac()), NOW))
                .isEqualTo("the cluster-secret proof is malformed");
    }

    @Test
    void aShortSecretIsRefusedWithoutBeingEchoed() {
        assertThatThrownBy(() -> new ClusterSecret(Secret.of("hunter2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the cluster secret has 7 characters; at least 16 are required (e.g. `openssl rand -hex 32`)");
    }

    @Test
    void secretsNeverPrintThemselves() {
        assertThat(Secret.of(VALUE).toString()).isEqualTo("[redacted]");
        assertThat(SECRET.toString()).doesNotContain(VALUE);
        ClusterSettings settings = ClusterSettings.worker("lab", "127.0.0.1", java.util.List.of("127.0.0.1:5801"))
                .withSecurity(new ClusterSecurity(SECRET, null));
        assertThat(settings.toString()).doesNotContain(VALUE).contains("redacted");
        assertThat(Secret.of(VALUE)).isEqualTo(Secret.of(VALUE)).isNotEqualTo(Secret.of(VALUE + "x"));
        assertThat(Secret.of("  ")).isNull();
    }
}
