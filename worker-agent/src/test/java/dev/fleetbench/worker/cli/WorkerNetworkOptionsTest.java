package dev.fleetbench.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.bus.ClusterSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The worker's --host and port options, parsed but not started; a taken port is found before joining. */
class WorkerNetworkOptionsTest {

    private static ClusterSettings cluster(String... args) {
        WorkerCommand command = new WorkerCommand();
        new CommandLine(command).parseArgs(args);
        return command.cluster(Map.of());
    }

    @Test
    void onALabNetworkTheWorkerListensOnFixedPortsAFirewallCanOpen() {
        ClusterSettings lab = cluster("--join", "10.0.0.5:5801", "--host", "10.0.0.23");

        assertThat(lab.hazelcastPort()).isEqualTo(5802);
        assertThat(lab.eventBusPort()).isEqualTo(5803);
    }

    @Test
    void onLoopbackAnyFreePortSoSeveralWorkersShareAMachine() {
        ClusterSettings local = cluster("--join", "127.0.0.1:5801");

        assertThat(local.hazelcastPort()).isZero();
        assertThat(local.eventBusPort()).isZero();
    }

    @Test
    void givenPortsWinAndZeroMeansAny() {
        ClusterSettings given = cluster("--join", "10.0.0.5:5801", "--host", "10.0.0.23", "--cluster-port", "47001",
                "--bus-port", "0");

        assertThat(given.hazelcastPort()).isEqualTo(47001);
        assertThat(given.eventBusPort()).isZero();
        assertThatThrownBy(() -> cluster("--join", "10.0.0.5:5801", "--host", "10.0.0.23", "--bus-port", "70000"))
                .hasMessageContaining("between 0 and 65535");
    }

    @Test
    void theHostMustBeAnIpv4Literal() {
        assertThatThrownBy(() -> cluster("--join", "10.0.0.5:5801", "--host", "lab-pc-07.local"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--host must be an IPv4 address").hasMessageContaining("'lab-pc-07.local'");
        assertThatThrownBy(() -> cluster("--join", "10.0.0.5:5801", "--host", "fe80::1"))
                .hasMessageContaining("IPv4");
    }

    @Test
    void aTakenPortIsNamedWithTheOptionThatMovesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String problem = WorkerPorts.busy("127.0.0.1", taken.getLocalPort(), "--bus-port");

            assertThat(problem).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is not available")
                    .contains("--bus-port");
        }
        assertThat(WorkerPorts.busy("127.0.0.1", 0, "--bus-port")).isNull();
    }

    @Test
    void aPortWhoseLastWorkerJustStoppedIsFree() throws Exception {
        int port;
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(true);
            listener.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            port = listener.getLocalPort();
            // a connection closed by the server side leaves its port in TIME_WAIT
            try (java.net.Socket client = new java.net.Socket("127.0.0.1", port);
                 java.net.Socket accepted = listener.accept()) {
                accepted.close();
                client.getInputStream().read();
            }
        }

        assertThat(WorkerPorts.busy("127.0.0.1", port, "--cluster-port")).isNull();
    }
}
