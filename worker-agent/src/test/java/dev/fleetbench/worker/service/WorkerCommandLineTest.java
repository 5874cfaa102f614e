package dev.fleetbench.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerCommandLineTest {

    private static final List<String> LAUNCHER = List.of("/opt/fleetbench/fleetbench");
    private static final Path DATA = Path.of("/home/lab/.fleetbench");

    @Test
    void theShellsSettingsBecomeOptionsAndTheDataFolderIsNamed() {
        List<String> cmd = WorkerCommandLine.of(LAUNCHER, List.of("--join", "10.0.0.5:5801"),
                Map.of("FLEETBENCH_ENGINE", "foundry", "FLEETBENCH_HOST", "10.0.0.23", "PATH", "/usr/bin"), DATA);
        assertThat(cmd).containsExactly("/opt/fleetbench/fleetbench", "worker", "--join", "10.0.0.5:5801",
                "--engine", "foundry", "--host", "10.0.0.23", "--data-dir", "/home/lab/.fleetbench");
    }

    @Test
    void optionsGivenWinOverTheShell() {
        List<String> cmd = WorkerCommandLine.of(LAUNCHER, List.of("--join=10.0.0.5:5801", "--engine", "embedded",
                "--data-dir", "/srv/fb"), Map.of("FLEETBENCH_ENGINE", "foundry"), DATA);
        assertThat(cmd).containsExactly("/opt/fleetbench/fleetbench", "worker", "--join=10.0.0.5:5801", "--engine",
                "embedded", "--data-dir", "/srv/fb");
    }

    @Test
    void aSecretInAVariableIsNeverCopiedIntoTheService() {
        assertThatThrownBy(() -> WorkerCommandLine.of(LAUNCHER, List.of("--join", "h:1"),
                Map.of("FLEETBENCH_CLUSTER_SECRET", "s3cret"), DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FLEETBENCH_CLUSTER_SECRET").hasMessageContaining("--cluster-secret-file")
                .hasMessageNotContaining("s3cret");
        assertThat(WorkerCommandLine.of(LAUNCHER, List.of("--join", "h:1", "--cluster-secret-file", "/etc/fb/secret"),
                Map.of("FLEETBENCH_CLUSTER_SECRET", "s3cret"), DATA)).doesNotContain("s3cret");
    }

    @Test
    void aServiceThatCannotJoinIsRefused() {
        assertThatThrownBy(() -> WorkerCommandLine.of(LAUNCHER, List.of("--engine", "foundry"), Map.of(), DATA))
                .hasMessageContaining("--join HOST:PORT");
        assertThat(WorkerCommandLine.of(LAUNCHER, List.of("--multicast"), Map.of(), DATA)).contains("--multicast");
    }
}
