package dev.fleetbench.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.bus.ClusterSecurity;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The coordinator's command line as far as security goes, parsed but not started: where secrets come from, that the
 * config never prints them, and the loud warnings for what is reachable from other machines without protection.
 */
class ServerOptionsSecurityTest {

    private static final String TOKEN = "api-token-5e2b9c";
    private static final String SECRET = "cluster-secret-0f9d8c7b6a";

    @TempDir
    Path dir;

    private static CoordinatorConfig config(Map<String, String> env, String... args) {
        CoordinatorCommand command = new CoordinatorCommand();
        new CommandLine(command).parseArgs(args);
        return command.options.config(env);
    }

    @Test
    void onLoopbackNothingIsWarnedAbout() {
        assertThat(config(Map.of()).securityWarnings()).isEmpty();
    }

    @Test
    void aPublicApiWithoutATokenAndAPublicClusterWithoutSecretOrTlsAreEachWarnedAbout() {
        List<String> warnings = config(Map.of(), "--http-host", "0.0.0.0", "--cluster-host", "10.0.0.5")
                .securityWarnings();
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).startsWith("the API listens on 0.0.0.0 without a token").contains("FLEETBENCH_TOKEN");
        assertThat(warnings.get(1)).startsWith("the coordinator's cluster listens on 10.0.0.5 without a cluster secret")
                .contains("FLEETBENCH_CLUSTER_SECRET");
        assertThat(warnings.get(2)).startsWith("the coordinator's event bus on 10.0.0.5 is plain TCP")
                .contains("any cluster member can consume the samples address");
    }

    @Test
    void theClusterAloneOnAPublicInterfaceIsWarnedAboutToo() {
        List<String> warnings = config(Map.of("FLEETBENCH_CLUSTER_SECRET", SECRET), "--cluster-host", "192.168.1.20")
                .securityWarnings();
        assertThat(warnings).singleElement().asString().contains("plain TCP");
    }

    @Test
    void aTokenFileOverridesTheEnvironmentAndNoConfigPrintsASecret() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        CoordinatorConfig c = config(Map.of("FLEETBENCH_CLUSTER_SECRET", SECRET), "--http-host", "0.0.0.0",
                "--token-file", tokenFile.toString());
        assertThat(c.token()).isEqualTo(TOKEN);
        assertThat(c.cluster().security()).isNotEqualTo(ClusterSecurity.NONE);
        assertThat(c.securityWarnings()).isEmpty();
        assertThat(c.toString()).doesNotContain(TOKEN).doesNotContain(SECRET).contains("token=[redacted]");
    }

    @Test
    void aBadSecretIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> config(Map.of("FLEETBENCH_CLUSTER_SECRET", "short")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16")
                .message().doesNotContain("short");
        assertThatThrownBy(() -> config(Map.of(), "--tls-keystore", dir.resolve("k.p12").toString()))
                .hasMessage("event-bus TLS is mutual: give both --tls-keystore and --tls-truststore");
    }
}
