package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.bus.ClusterSecret;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.bus.Clustering;
import dev.fleetbench.common.bus.Secret;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A coordinator with a cluster secret (no TLS, so that this test JVM can speak on the event bus): a worker without
 * the secret never joins, and a node that copied the secret-bound cluster name without knowing the secret gets in
 * to Hazelcast but is refused at registration with the reason. One coordinator for the class, methods in order.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretMembershipIT {

    private static final String SECRET = "membership-secret-0123456789abcdef";

    private Path dir;
    private Processes procs;
    private String url;
    private int clusterPort;

    @BeforeAll
    void startCoordinator() throws Exception {
        dir = Files.createDirectories(Path.of("target", "cluster-tests", "secret-" + System.currentTimeMillis()));
        procs = new Processes(dir);
        int httpPort = Processes.freePort();
        clusterPort = Processes.freePort();
        url = "http://127.0.0.1:" + httpPort;
        procs.coordinator(dir.resolve("coordinator"), httpPort, clusterPort, List.of(),
                Map.of("FLEETBENCH_CLUSTER_SECRET", SECRET));
    }

    @AfterAll
    void stop() {
        if (procs != null) {
            procs.close();
        }
    }

    private List<String> fleet() {
        JsonNode w = procs.get(url, "/api/workers");
        assertThat(w).as("the coordinator serves").isNotNull();
        List<String> ids = new ArrayList<>();
        w.forEach(x -> ids.add(x.get("worker_id").asText()));
        return ids;
    }

    @Test
    @Order(1)
    void aWorkerWithoutTheSecretNeverJoins() throws Exception {
        Path outsider = dir.resolve("outsider");
        procs.worker(outsider, clusterPort, List.of("--engine", "simulated"), Map.of());
        Processes.await(Duration.ofSeconds(60), () -> Processes.log(outsider.resolve("worker.log"))
                .contains("retry_s=2"), "the outsider to fail twice");
        assertThat(fleet()).isEmpty();
        assertThat(Processes.log(outsider.resolve("worker.log")))
                .as("Hazelcast turned it away").contains("the target cluster has a different cluster-name")
                .as("and the worker says what to check").contains("start this worker with the same one");
    }

    @Test
    @Order(2)
    void aNodeWithTheClusterNameButNotTheSecretIsRefusedAtRegistration() throws Exception {
        ClusterSecret secret = new ClusterSecret(Secret.of(SECRET));
        // What an eavesdropper could copy off the network: the secret-bound Hazelcast name, not the secret.
        String stolenName = secret.hazelcastClusterName(procs.clusterName);
        Vertx node = Clustering.start(ClusterSettings.worker(stolenName, "127.0.0.1",
                List.of("127.0.0.1:" + clusterPort))).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        try {
            RegisterRequest bare = new RegisterRequest(Protocol.VERSION, "w-stolen", "0.1.0", Fixtures.intelDesktop(),
                    new EngineDescriptor("simulated", "1"), List.of(), List.of(), Map.of());
            RegisterReply none = register(node, bare);
            assertThat(none.accepted()).isFalse();
            assertThat(none.failureCode()).isEqualTo(FailureCode.UNAUTHORIZED);
            assertThat(none.message()).isEqualTo("this coordinator requires the cluster secret: start the worker with"
                    + " --cluster-secret-file or FLEETBENCH_CLUSTER_SECRET");

            ClusterSecret guessed = new ClusterSecret(Secret.of("a-guess-at-the-cluster-secret"));
            RegisterReply wrong = register(node, bare.withProof(guessed.prove(procs.clusterName, "w-stolen",
                    Instant.now(), "0123456789abcdef0123456789abcdef")));
            assertThat(wrong.accepted()).isFalse();
            assertThat(wrong.message()).isEqualTo("the cluster-secret proof does not match: the worker has another"
                    + " cluster secret");

            RegisterRequest proven = new RegisterRequest(Protocol.VERSION, "w-proven", "0.1.0", Fixtures.intelDesktop(),
                    new EngineDescriptor("simulated", "1"), List.of(), List.of(), Map.of())
                    .withProof(secret.prove(procs.clusterName, "w-proven", Instant.now(), "fedcba9876543210fedcba9876543210"));
            assertThat(register(node, proven).accepted()).as("the same node with the secret's proof").isTrue();
            RegisterReply replayed = register(node, proven);
            assertThat(replayed.accepted()).isFalse();
            assertThat(replayed.message()).isEqualTo("the cluster-secret proof was used before (a replayed registration)");

            assertThat(fleet()).containsExactly("w-proven");
            assertThat(Processes.log(dir.resolve("coordinator").resolve("coordinator.log")))
                    .contains("event=worker.refused worker=w-stolen reason=\"this coordinator requires the cluster secret")
                    .doesNotContain(SECRET);
        } finally {
            node.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    private static RegisterReply register(Vertx node, RegisterRequest r) throws Exception {
        return Bus.request(node.eventBus(), Addresses.REGISTER, r, RegisterReply.class, 20_000)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
