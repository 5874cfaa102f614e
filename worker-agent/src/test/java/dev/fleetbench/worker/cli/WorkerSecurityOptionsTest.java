package dev.fleetbench.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.bus.ClusterSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The worker's security options, parsed but not started. */
class WorkerSecurityOptionsTest {

    private static final String SECRET = "cluster-secret-0f9d8c7b6a";

    @TempDir
    Path dir;

    private static ClusterSettings cluster(Map<String, String> env, String... args) {
        WorkerCommand command = new WorkerCommand();
        new CommandLine(command).parseArgs(args);
        return command.cluster(env);
    }

    @Test
    void aWorkerOnALabNetworkWithoutSecretOrTlsIsWarnedAbout() {
        ClusterSettings open = cluster(Map.of(), "--join", "10.0.0.5:5801", "--host", "10.0.0.23");
        assertThat(open.security().warnings(open.host(), "worker")).hasSize(2);
        assertThat(open.hazelcastClusterName()).isEqualTo("fleetbench");
        ClusterSettings local = cluster(Map.of(), "--join", "127.0.0.1:5801");
        assertThat(local.security().warnings(local.host(), "worker")).isEmpty();
    }

    @Test
    void theSecretFromAFileOrTheEnvironmentBindsTheClusterNameAndIsNeverPrinted() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        ClusterSettings fromFile = cluster(Map.of(), "--join", "10.0.0.5:5801", "--host", "10.0.0.23",
                "--cluster-secret-file", file.toString());
        ClusterSettings fromEnv = cluster(Map.of("FLEETBENCH_CLUSTER_SECRET", SECRET), "--join", "10.0.0.5:5801");
        assertThat(fromFile.hazelcastClusterName()).startsWith("fleetbench-").isEqualTo(fromEnv.hazelcastClusterName());
        assertThat(fromFile.security().warnings(fromFile.host(), "worker")).singleElement().asString()
                .contains("plain TCP");
        assertThat(fromFile.toString()).doesNotContain(SECRET);
    }
}
