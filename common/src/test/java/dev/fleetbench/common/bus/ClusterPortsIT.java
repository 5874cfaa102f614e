package dev.fleetbench.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A worker told to listen on fixed ports really listens there (so a firewall rule for them is enough), and the ports
 * it listens on can be read back to be printed: a real coordinator-style member and a real lite member on loopback,
 * with ports picked free for the test.
 */
class ClusterPortsIT {

    private static Vertx await(io.vertx.core.Future<Vertx> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void aWorkerWithFixedPortsListensOnExactlyThose() throws Exception {
        String name = "ports-" + System.nanoTime();
        int coordinatorPort = Clustering.freePort(ClusterSettings.LOOPBACK);
        Vertx coordinator = await(Clustering.start(ClusterSettings.coordinator(name, ClusterSettings.LOOPBACK,
                coordinatorPort, List.of())));
        Vertx worker = null;
        try {
            int member = Clustering.freePort(ClusterSettings.LOOPBACK);
            int bus = Clustering.freePort(ClusterSettings.LOOPBACK);
            worker = await(Clustering.start(ClusterSettings.worker(name, ClusterSettings.LOOPBACK,
                    List.of(ClusterSettings.LOOPBACK + ":" + coordinatorPort)).withHazelcastPort(member)
                    .withEventBusPort(bus)));

            assertThat(Clustering.boundPorts(worker)).isEqualTo(new ClusterPorts(member, bus));
            assertThat(Clustering.boundPorts(coordinator).hazelcast()).isEqualTo(coordinatorPort);
            assertThat(Clustering.hazelcast(coordinator).getCluster().getMembers()).hasSize(2);
        } finally {
            if (worker != null) {
                worker.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            coordinator.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void onlyDottedQuadsAreIpv4Literals() {
        assertThat(Hosts.isIpv4Literal("10.0.0.23")).isTrue();
        assertThat(Hosts.isIpv4Literal("127.0.0.1")).isTrue();
        assertThat(Hosts.isIpv4Literal("lab-pc-07.local")).isFalse();
        assertThat(Hosts.isIpv4Literal("localhost")).isFalse();
        assertThat(Hosts.isIpv4Literal("fe80::1")).isFalse();
        assertThat(Hosts.isIpv4Literal("10.0.0.256")).isFalse();
        assertThat(Hosts.isIpv4Literal("10.0.0")).isFalse();
        assertThat(Hosts.isIpv4Literal(null)).isFalse();
    }
}
