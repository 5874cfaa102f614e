package dev.fleetbench.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.bus.ClusterPorts;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.bus.Clustering;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.wiring.CoordinatorRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The coordinator's two listening ports, which every worker connects to: fixed on a lab network so that a firewall on
 * the coordinator's host can open exactly them, any free one on loopback, the given ones bound by a real coordinator.
 */
class CoordinatorPortsIT {

    @TempDir
    Path dir;

    private CoordinatorConfig parse(String... args) {
        CoordinatorCommand command = new CoordinatorCommand();
        new CommandLine(command).parseArgs(args);
        return command.options.config(java.util.Map.of());
    }

    @Test
    void onALabNetworkBothPortsAreFixed() {
        ClusterSettings lab = parse("--cluster-host", "10.0.0.5", "--data-dir", dir.toString()).cluster();

        assertThat(lab.hazelcastPort()).isEqualTo(5801);
        assertThat(lab.eventBusPort()).isEqualTo(5804);
    }

    @Test
    void onLoopbackTheBusPortIsAnyFreeOneAndGivenPortsWin() {
        assertThat(parse("--data-dir", dir.toString()).cluster().eventBusPort()).isZero();
        ClusterSettings given = parse("--cluster-host", "10.0.0.5", "--cluster-port", "47001", "--bus-port", "47002",
                "--data-dir", dir.toString()).cluster();
        assertThat(given.hazelcastPort()).isEqualTo(47001);
        assertThat(given.eventBusPort()).isEqualTo(47002);
    }

    @Test
    void theGivenPortsAreThePortsACoordinatorBindsAndPrints() throws Exception {
        int cluster = freePort();
        int bus = freePort();
        CoordinatorConfig config = parse("--cluster-port", String.valueOf(cluster), "--bus-port", String.valueOf(bus),
                "--http-port", "0", "--data-dir", dir.toString());

        try (CoordinatorRuntime runtime = CoordinatorRuntime.start(config, "test")) {
            ClusterPorts bound = Clustering.boundPorts(runtime.vertx());

            assertThat(bound).isEqualTo(new ClusterPorts(cluster, bus));
            assertThat(CoordinatorCommand.portsLine("127.0.0.1", bound)).isEqualTo("listening on 127.0.0.1 ports "
                    + cluster + " (cluster) and " + bus + " (event bus); every worker connects to both");
        }
    }

    @Test
    void aTakenBusPortStopsTheCoordinatorNamingTheOptionThatMovesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream old = System.err;
            int exit;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                exit = CoordinatorMain.execute("coordinator", "--data-dir", dir.toString(), "--http-port", "0",
                        "--cluster-port", "0", "--bus-port", String.valueOf(taken.getLocalPort()));
            } finally {
                System.setErr(old);
            }

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("fleetbench coordinator: port "
                    + taken.getLocalPort() + " on 127.0.0.1 is not available").contains("--bus-port");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
