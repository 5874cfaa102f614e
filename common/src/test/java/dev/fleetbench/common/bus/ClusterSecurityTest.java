package dev.fleetbench.common.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets and passwords come from files or the environment, are checked early, and never show in messages. */
class ClusterSecurityTest {

    private static final String SECRET = "s3cret-value-for-the-cluster";
    private static final String STOREPASS = "storepass-7f3a";

    @TempDir
    static Path dir;
    private static Path keyStore;
    private static Path trustStore;
    private static Path jksKeyStore;

    @BeforeAll
    static void pki() throws Exception {
        keyStore = TestPki.keyStore(dir.resolve("member.p12"), "member", STOREPASS);
        jksKeyStore = TestPki.keyStore(dir.resolve("legacy.jks"), "legacy", STOREPASS);
        trustStore = TestPki.trustStore(dir.resolve("trust.p12"), STOREPASS, STOREPASS, keyStore);
    }

    @Test
    void nothingConfiguredIsNone() {
        assertThat(ClusterSecurity.from(null, null, null, null, null, Map.of())).isEqualTo(ClusterSecurity.NONE);
        assertThat(ClusterSecurity.NONE.hazelcastClusterName("lab")).isEqualTo("lab");
    }

    @Test
    void theSecretComesFromAFileOverTheEnvironmentAndLosesItsNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        ClusterSecurity fromFile = ClusterSecurity.from(file, null, null, null, null,
                Map.of(ClusterSecurity.ENV_SECRET, "another-value-from-the-env"));
        ClusterSecurity fromEnv = ClusterSecurity.from(null, null, null, null, null, Map.of(ClusterSecurity.ENV_SECRET, SECRET));
        assertThat(fromFile.secret()).isEqualTo(fromEnv.secret()).isNotNull();
        assertThat(fromFile.hazelcastClusterName("lab")).isNotEqualTo("lab").isEqualTo(fromEnv.hazelcastClusterName("lab"));
    }

    @Test
    void unreadableOrEmptySecretFilesAreNamedButNeverRead() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> ClusterSecurity.from(dir.resolve("missing"), null, null, null, null, Map.of()))
                .hasMessageStartingWith("cannot read the cluster secret from " + dir.resolve("missing"));
        assertThatThrownBy(() -> ClusterSecurity.from(empty, null, null, null, null, Map.of()))
                .hasMessage("the cluster secret file " + empty + " is empty");
    }

    @Test
    void tlsOpensPkcs12AndJksStoresWithPasswordsFromFileOrEnvironment() throws Exception {
        Path passFile = Files.writeString(dir.resolve("pass"), STOREPASS + "\n");
        ClusterSecurity s = ClusterSecurity.from(null, keyStore, passFile, trustStore, null, Map.of());
        assertThat(s.tls().trustStorePassword()).as("defaults to the keystore's").isEqualTo(Secret.of(STOREPASS));
        ClusterSecurity jks = ClusterSecurity.from(null, jksKeyStore, null, trustStore, null,
                Map.of(ClusterSecurity.ENV_KEYSTORE_PASSWORD, STOREPASS, ClusterSecurity.ENV_TRUSTSTORE_PASSWORD, STOREPASS));
        assertThat(TlsSettings.storeType(jks.tls().keyStore())).isEqualTo("JKS");
        assertThat(s.toString() + jks + s.tls()).doesNotContain(STOREPASS).contains("member.p12");
    }

    @Test
    void tlsProblemsAreReportedBeforeJoiningWithoutThePassword() {
        assertThatThrownBy(() -> ClusterSecurity.from(null, keyStore, null, null, null, Map.of()))
                .hasMessage("event-bus TLS is mutual: give both --tls-keystore and --tls-truststore");
        assertThatThrownBy(() -> ClusterSecurity.from(null, keyStore, null, trustStore, null, Map.of()))
                .hasMessageContaining("needs a password: FLEETBENCH_TLS_KEYSTORE_PASSWORD or --tls-keystore-password-file");
        String wrong = "wrong-password-123";
        assertThatThrownBy(() -> ClusterSecurity.from(null, keyStore, null, trustStore, null,
                Map.of(ClusterSecurity.ENV_KEYSTORE_PASSWORD, wrong)))
                .hasMessage("cannot open the TLS keystore " + keyStore + ": wrong password, or not a PKCS12 file")
                .message().doesNotContain(wrong);
        assertThatThrownBy(() -> ClusterSecurity.from(null, trustStore, null, trustStore, null,
                Map.of(ClusterSecurity.ENV_KEYSTORE_PASSWORD, STOREPASS)))
                .hasMessage("the TLS keystore " + trustStore + " holds no private key");
        assertThatThrownBy(() -> ClusterSecurity.from(null, dir.resolve("nope.p12"), null, trustStore, null,
                Map.of(ClusterSecurity.ENV_KEYSTORE_PASSWORD, STOREPASS)))
                .hasMessage("the TLS keystore " + dir.resolve("nope.p12") + " does not exist or is not readable");
    }

    @Test
    void aPublicClusterWithoutSecretOrTlsIsWarnedAboutLoudlyAndLoopbackIsNot() {
        ClusterSecurity tls = ClusterSecurity.from(null, keyStore, null, trustStore, null,
                Map.of(ClusterSecurity.ENV_KEYSTORE_PASSWORD, STOREPASS));
        ClusterSecurity both = new ClusterSecurity(new ClusterSecret(Secret.of(SECRET)), tls.tls());
        assertThat(ClusterSecurity.NONE.warnings("127.0.0.1", "coordinator")).isEmpty();
        assertThat(ClusterSecurity.NONE.warnings("localhost", "worker")).isEmpty();
        List<String> open = ClusterSecurity.NONE.warnings("10.0.0.5", "coordinator");
        assertThat(open).hasSize(2);
        assertThat(open.get(0)).contains("10.0.0.5 without a cluster secret").contains("register as a worker");
        assertThat(open.get(1)).contains("plain TCP").contains("--tls-keystore");
        assertThat(tls.warnings("0.0.0.0", "worker")).singleElement().asString().contains("without a cluster secret");
        assertThat(new ClusterSecurity(both.secret(), null).warnings("lab-pc-7", "worker")).singleElement().asString()
                .contains("plain TCP");
        assertThat(both.warnings("10.0.0.5", "coordinator")).isEmpty();
    }

    @Test
    void loopbackIsOnlyLoopback() {
        assertThat(List.of("127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]")).allMatch(Hosts::isLoopback);
        assertThat(List.of("0.0.0.0", "10.0.0.5", "::", "lab-pc", "128.0.0.1", "127.0.0.1.example.org"))
                .noneMatch(Hosts::isLoopback);
    }
}
