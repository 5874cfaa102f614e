package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.bus.Clustering;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker that speaks another protocol version joins the cluster (here: this test JVM as a lite member, sending
 * the registration a future agent would send) and is refused with a message that names both versions.
 */
@Timeout(120)
class ProtocolVersionIT {

    @Test
    void aWorkerOfAnotherProtocolVersionIsRefusedWithBothVersions() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cluster-tests", "protocol-" + System.currentTimeMillis()));
        try (Processes procs = new Processes(dir)) {
            int clusterPort = Processes.freePort();
            int httpPort = Processes.freePort();
            procs.coordinator(dir.resolve("coordinator"), httpPort, clusterPort);
            Vertx node = Clustering.start(ClusterSettings.worker(procs.clusterName, "127.0.0.1",
                    List.of("127.0.0.1:" + clusterPort))).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            try {
                RegisterRequest current = new RegisterRequest(Protocol.VERSION, "w-future", "9.0.0", Fixtures.intelDesktop(),
                        new EngineDescriptor("embedded", "b9999"), List.of(), List.of(), Map.of());
                @SuppressWarnings("unchecked")
                Map<String, Object> future = Json.mapper().readValue(Json.write(current), Map.class);
                future.put("v", Protocol.VERSION + 1);
                future.put("type", RegisterRequest.TYPE);
                assertThatThrownBy(() -> node.eventBus().request(Addresses.REGISTER, Json.write(future),
                        new DeliveryOptions().setSendTimeout(20_000)).toCompletionStage().toCompletableFuture()
                        .get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOfSatisfying(ReplyException.class, e -> {
                            assertThat(e.failureCode()).isEqualTo(Bus.VERSION_MISMATCH);
                            assertThat(e.getMessage()).isEqualTo("peer speaks protocol version " + (Protocol.VERSION + 1)
                                    + ", this side speaks " + Protocol.VERSION);
                        });
                assertThat(procs.get("http://127.0.0.1:" + httpPort, "/api/workers"))
                        .as("the refused worker is not in the fleet").isEmpty();
            } finally {
                node.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
        }
    }
}
