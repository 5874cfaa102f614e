package dev.fleetbench.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.bus.Bus;
import dev.fleetbench.common.bus.ClusterSecret;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.bus.Clustering;
import dev.fleetbench.common.bus.Secret;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeaseFinishedAck;
import dev.fleetbench.common.protocol.LeaseProgress;
import dev.fleetbench.common.protocol.Message;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Samples;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A rogue cluster member, built on the worker's own classes, against a coordinator and a real worker (separate
 * JVMs, cluster secret set, no TLS so that this JVM can speak on the event bus). The rogue holds the cluster secret
 * (an insider machine that registered as itself) and forges, while the victim runs its lease: a sample batch for the
 * victim's lease, one in the victim's name, one for a lease never issued, one for a campaign that does not exist, a
 * lease end and progress for the victim's lease; a second node that was refused at registration sends a batch too.
 * Every forgery is refused with a code, counted in {@code rejected_messages}, logged with who sent it, and the
 * victim's campaign ends exactly as it would have alone.
 */
@Timeout(240)
class RogueMemberIT {

    private static final String SECRET = "rogue-test-secret-0123456789abcdef";
    private static final List<String> SLOW_SIMULATED = List.of("--engine", "simulated", "--simulated-models",
            "sim-small", "--simulated-ttft-ms", "20", "--simulated-token-ms", "15");
    private static final String SPEC = """
            {"name": "victim", "models": ["sim-small"], "repetitions": 12, "warmups": 1,
             "prompts": [{"id": "a", "text": "first", "max_tokens": 16}, {"id": "b", "text": "second", "max_tokens": 16}]}""";

    @Test
    void everyForgeryIsRefusedCountedLoggedAndTheVictimsResultsAreUnchanged() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cluster-tests", "rogue-" + System.currentTimeMillis()));
        try (Processes procs = new Processes(dir)) {
            int httpPort = Processes.freePort();
            int clusterPort = Processes.freePort();
            String url = "http://127.0.0.1:" + httpPort;
            Map<String, String> secretEnv = Map.of("FLEETBENCH_CLUSTER_SECRET", SECRET);
            procs.coordinator(dir.resolve("coordinator"), httpPort, clusterPort, List.of(), secretEnv);
            Path victimDir = dir.resolve("victim");
            procs.worker(victimDir, clusterPort, SLOW_SIMULATED, secretEnv);
            Processes.await(Duration.ofSeconds(90), () -> {
                JsonNode w = procs.get(url, "/api/workers");
                return w != null && w.size() == 1;
            }, "the victim to join");
            String victim = procs.get(url, "/api/workers").get(0).get("worker_id").asText();
            String campaign = procs.post(url, "/api/campaigns", "application/json", SPEC).get("id").asText();
            Processes.await(Duration.ofSeconds(60), () -> {
                JsonNode w = procs.get(url, "/api/workers");
                return w != null && w.get(0).hasNonNull("lease_id");
            }, "the victim to hold a lease");
            String lease = procs.get(url, "/api/workers").get(0).get("lease_id").asText();
            JsonNode cell = procs.get(url, "/api/campaigns/" + campaign + "/cells").get(0);
            String cellId = cell.get("id").asText();
            String model = cell.get("variant_id").asText();
            long rejectedBefore = procs.get(url, "/api/health").get("rejected_messages").asLong();

            ClusterSecret secret = new ClusterSecret(Secret.of(SECRET));
            Vertx rogue = Clustering.start(ClusterSettings.worker(secret.hazelcastClusterName(procs.clusterName),
                    "127.0.0.1", List.of("127.0.0.1:" + clusterPort))).toCompletionStage().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            List<String> codes = new ArrayList<>();
            try {
                RegisterReply insider = request(rogue, Addresses.REGISTER, registration("w-rogue")
                        .withProof(secret.prove(procs.clusterName, "w-rogue", Instant.now(),
                                "0123456789abcdef0123456789abcdef")), RegisterReply.class);
                assertThat(insider.accepted()).isTrue();
                String session = insider.session();
                RegisterReply refused = request(rogue, Addresses.REGISTER, registration("w-refused"),
                        RegisterReply.class);
                assertThat(refused.accepted()).isFalse();
                assertThat(refused.failureCode()).isEqualTo(FailureCode.UNAUTHORIZED);
                assertThat(refused.session()).isNull();

                // 0. progress for the victim's lease (fire and forget: refused and counted all the same;
                // the requests after it travel the same connection, so it is handled first)
                Bus.send(rogue.eventBus(), Addresses.PROGRESS, new LeaseProgress(Protocol.VERSION, "w-rogue", lease,
                        "requests", "x".repeat(64 * 1024), 50, session));
                // 1. samples for the victim's lease and cell, under the rogue's own (valid) session
                codes.add(refusal(rogue, Addresses.SAMPLES, batch("w-rogue", session, forged(campaign, cellId, lease,
                        "w-rogue", model))));
                // 2. the same in the victim's name, with the rogue's session
                codes.add(refusal(rogue, Addresses.SAMPLES, batch(victim, session, forged(campaign, cellId, lease,
                        victim, model))));
                // 3. a lease that was never issued
                codes.add(refusal(rogue, Addresses.SAMPLES, batch("w-rogue", session, forged(campaign, cellId,
                        "l-neverissued", "w-rogue", model))));
                // 4. a campaign, cell and model that do not exist
                codes.add(refusal(rogue, Addresses.SAMPLES, batch("w-rogue", session, forged("c-nosuchthing", "cell-x",
                        lease, "w-rogue", "no-such-model"))));
                // 5. the end of the victim's lease, failed, to close its cell
                codes.add(refusal(rogue, Addresses.LEASE_FINISHED, new LeaseFinished(Protocol.VERSION, "w-rogue", lease,
                        new ModelPhases(model, null, null, null, null, null, null, null, null, FailureCode.LOAD_FAILED,
                                "forged", List.of()), false, session)));
                // 6. the same in the victim's name
                codes.add(refusal(rogue, Addresses.LEASE_FINISHED, new LeaseFinished(Protocol.VERSION, victim, lease,
                        new ModelPhases(model, null, null, null, null, null, null, null, null, FailureCode.LOAD_FAILED,
                                "forged", List.of()), false, session)));
                // 7. a batch from the worker that was refused at registration (it has no session)
                codes.add(refusal(rogue, Addresses.SAMPLES, batch("w-refused", null, forged(campaign, cellId, lease,
                        "w-refused", model))));
            } finally {
                rogue.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
            assertThat(codes).containsExactly("403 NOT_LEASE_HOLDER", "403 UNAUTHORIZED", "403 NOT_LEASE_HOLDER",
                    "403 NOT_LEASE_HOLDER", "403 NOT_LEASE_HOLDER", "403 UNAUTHORIZED", "401 UNAUTHORIZED");
            Processes.await(Duration.ofSeconds(10), () -> procs.get(url, "/api/health").get("rejected_messages")
                    .asLong() >= rejectedBefore + 8, "the progress message to be counted");
            assertThat(procs.get(url, "/api/health").get("rejected_messages").asLong()).isEqualTo(rejectedBefore + 8);

            // The victim's campaign ends as it would have alone: every cell done with exactly its samples, none forged.
            Processes.await(Duration.ofSeconds(120), () -> "done".equals(procs.get(url, "/api/campaigns/" + campaign)
                    .get("state").asText()), "the victim's campaign to finish");
            ExactlyOnce.check(procs, url, campaign, victimDir);
            JsonNode samples = procs.get(url, "/api/campaigns/" + campaign + "/samples?limit=10000");
            samples.forEach(s -> {
                assertThat(s.get("worker_id").asText()).isEqualTo(victim);
                assertThat(s.path("decode_tps").asDouble(0)).as("no forged decode rate").isLessThan(100_000);
            });
            assertThat(procs.get(url, "/api/campaigns/c-nosuchthing/samples")).isNull();

            String log = Processes.log(dir.resolve("coordinator").resolve("coordinator.log"));
            assertThat(log)
                    .contains("event=bus.refused address=samples code=NOT_LEASE_HOLDER worker=w-rogue sender=w-rogue"
                            + " lease=" + lease)
                    .contains("event=bus.refused address=samples code=UNAUTHORIZED worker=" + victim + " sender=w-rogue")
                    .contains("lease l-neverissued was never issued by this coordinator")
                    .contains("event=bus.refused address=lease-finished code=NOT_LEASE_HOLDER worker=w-rogue"
                            + " sender=w-rogue lease=" + lease)
                    .contains("event=bus.refused address=samples code=UNAUTHORIZED worker=w-refused sender=unauthenticated")
                    .contains("event=bus.refused address=progress code=NOT_LEASE_HOLDER worker=w-rogue sender=w-rogue")
                    .doesNotContain("event=lease.failed")
                    .doesNotContain(SECRET);
        }
    }

    private static RegisterRequest registration(String id) {
        return new RegisterRequest(Protocol.VERSION, id, "0.1.0", Fixtures.intelDesktop(),
                new EngineDescriptor("simulated", "1"), List.of(), List.of(), Map.of());
    }

    /** Forty samples whose decode rate would dominate any median. */
    private static List<Sample> forged(String campaign, String cell, String lease, String worker, String model) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Sample s = Samples.ok(model, "a", 1, 0.000001, 16).withPlacement(campaign, cell, lease, worker);
            out.add(s);
        }
        return out;
    }

    private static SampleBatch batch(String worker, String session, List<Sample> samples) {
        return new SampleBatch(Protocol.VERSION, worker, "forged-batch", samples, session);
    }

    private static <R extends Message> R request(Vertx node, String address, Message m, Class<R> type)
            throws Exception {
        return Bus.request(node.eventBus(), address, m, type, 20_000).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    /** The refusal's code and failure name, e.g. "403 NOT_LEASE_HOLDER"; fails the test if the message was taken. */
    private static String refusal(Vertx node, String address, Message m) throws Exception {
        try {
            Message reply = address.equals(Addresses.SAMPLES)
                    ? request(node, address, m, BatchAck.class)
                    : request(node, address, m, LeaseFinishedAck.class);
            return "accepted: " + reply;
        } catch (ExecutionException e) {
            ReplyException r = (ReplyException) e.getCause();
            return r.failureCode() + " " + r.getMessage().substring(0, r.getMessage().indexOf(':'));
        }
    }
}
