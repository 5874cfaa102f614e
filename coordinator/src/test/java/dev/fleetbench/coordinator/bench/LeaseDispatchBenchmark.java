package dev.fleetbench.coordinator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeaseFinishedAck;
import dev.fleetbench.common.protocol.LeasePrompt;
import dev.fleetbench.common.protocol.LeaseReply;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.common.protocol.Wire;
import dev.fleetbench.common.protocol.WorkerState;
import dev.fleetbench.coordinator.testing.BenchCoordinator;
import dev.fleetbench.coordinator.testing.BenchNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Lease dispatch latency (a program, not a test; prints figures): {@code LeaseRequest} → {@code LeaseReply} with a
 * lease, through the real coordinator ({@link BenchCoordinator}, a second JVM) over the clustered event bus, with
 * many queued units: a campaign of 10,000 cells (10 models × 10 prompts × 100 registered virtual workers, 1,000 lease
 * units of 10 prompts). Each virtual worker (a plain protocol client in this JVM, heartbeating every second) runs a
 * real worker's cycle with a zero-cost engine: ask for a lease (timed), send its samples (cold + one per prompt) and
 * wait for the ack, report the lease finished, ask again, until the campaign has no more work for it.
 * <ul>
 * <li>1 in flight: one worker at a time (round robin), the latency of dispatch alone;</li>
 * <li>100 in flight: every worker in its own loop on a second campaign of the same size, dispatch under load;</li>
 * <li>references in the same run: the raw event-bus round trip (1 and 100 in flight) and a lease request answered
 *     "no work" (the same path without a lease: no lease built, nothing stored).</li>
 * </ul>
 * Bounded: 1,000 leases per campaign, 60 s per phase at most.
 *
 * <p>Run: {@code ./mvnw -q -pl coordinator -am process-test-classes -Pcoordinator-benchmark -Dbench=LeaseDispatchBenchmark}
 */
public final class LeaseDispatchBenchmark {

    private static final int WORKERS = 100;
    private static final int MODELS = 10;
    private static final int PROMPTS = 10;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private LeaseDispatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchNode.runMain("lease", node -> new LeaseDispatchBenchmark().run(node));
    }

    /** Lease ids each worker holds now, for its heartbeats; confined to the driver context. */
    private final Map<String, String> holding = new HashMap<>();
    /** Each worker's session token, from its registration. */
    private final Map<String, String> sessions = new java.util.concurrent.ConcurrentHashMap<>();

    private void run(BenchNode node) throws Exception {
        Vertx vertx = node.vertx;
        System.out.printf(Locale.ROOT, "FleetBench lease dispatch latency: 2 JVMs on loopback, %d virtual workers, "
                        + "campaigns of %,d cells (%d models x %d prompts x %d workers, 1 repetition), Java %s, %d cores%n",
                WORKERS, MODELS * PROMPTS * WORKERS, MODELS, PROMPTS, WORKERS, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        String small = Wire.encode(new LeaseRequest(Protocol.VERSION, "w-0123456789ab", null));
        for (int i = 0; i < 2; i++) {
            Load.run(vertx, 10_000, 256, LIMIT, k -> vertx.eventBus().request(BenchCoordinator.ECHO, small, BenchNode.TIMEOUT));
        }
        Load.Result raw1 = Load.run(vertx, 5_000, 1, LIMIT,
                k -> vertx.eventBus().request(BenchCoordinator.ECHO, small, BenchNode.TIMEOUT)).requireNoFailure("raw");
        Load.Result raw100 = Load.run(vertx, 10_000, WORKERS, LIMIT,
                k -> vertx.eventBus().request(BenchCoordinator.ECHO, small, BenchNode.TIMEOUT)).requireNoFailure("raw");

        List<String> models = BenchFleet.simulatedModels(MODELS);
        List<String> workers = new ArrayList<>();
        List<Future<RegisterReply>> regs = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            String id = String.format(Locale.ROOT, "w-lease-%04d", i);
            workers.add(id);
            regs.add(node.request(Addresses.REGISTER, BenchFleet.registration(id, BenchFleet.simulatedCatalog(models)),
                    RegisterReply.class));
        }
        node.await(Future.all(regs));
        for (int i = 0; i < WORKERS; i++) {
            sessions.put(workers.get(i), regs.get(i).result().session());
        }
        Context driver = vertx.getOrCreateContext();
        driver.runOnContext(v -> vertx.setPeriodic(1000, id -> heartbeats(node, workers)));
        String spec = BenchFleet.spec("lease benchmark", models, PROMPTS, 1, 0, 4, null);

        // Warm-up: a small campaign on a fifth of the workers, every worker in its own loop; not printed.
        String warm = node.submit(BenchFleet.spec("lease warm-up", models, 2, 1, 0, 4,
                Map.of("workers", workers.subList(0, WORKERS / 5))));
        phase(node, driver, warm, workers.subList(0, WORKERS / 5), WORKERS / 5);

        String sequential = node.submit(spec);
        Phase one = phase(node, driver, sequential, workers, 1);
        String concurrent = node.submit(spec);
        Phase many = phase(node, driver, concurrent, workers, WORKERS);

        // Reference: the same request answered "no work" (a worker registered after the campaigns has no units).
        RegisterReply idleReg = node.await(node.request(Addresses.REGISTER, BenchFleet.registration("w-lease-idle",
                BenchFleet.simulatedCatalog(models)), RegisterReply.class));
        String idle = Wire.encode(new LeaseRequest(Protocol.VERSION, "w-lease-idle", idleReg.session()));
        Load.run(vertx, 1_000, 1, LIMIT, k -> vertx.eventBus().request(Addresses.LEASE, idle, BenchNode.TIMEOUT));
        Load.Result none = Load.run(vertx, 2_000, 1, LIMIT,
                k -> vertx.eventBus().<String>request(Addresses.LEASE, idle, BenchNode.TIMEOUT).map(r -> {
                    if (Wire.decode(r.body(), LeaseReply.class).lease() != null) {
                        throw new IllegalStateException("the idle worker got a lease");
                    }
                    return r;
                })).requireNoFailure("no-work replies");

        System.out.printf(Locale.ROOT, "reference, raw event bus round trip (%d-character message), 1 in flight:   %s "
                + "(%,d messages)%n", small.length(), raw1.latencyText(), raw1.completed());
        System.out.printf(Locale.ROOT, "reference, raw event bus round trip, %d in flight:                         %s "
                + "(%,d messages)%n", WORKERS, raw100.latencyText(), raw100.completed());
        System.out.printf(Locale.ROOT, "reference, LeaseRequest answered 'no work', 1 in flight:                  %s "
                + "(%,d requests)%n", none.latencyText(), none.completed());
        print("LeaseRequest -> LeaseReply with a lease, 1 in flight", one, raw1, none);
        print("LeaseRequest -> LeaseReply with a lease, " + WORKERS + " in flight", many, raw100, null);
        for (String id : List.of(sequential, concurrent)) {
            JsonNode c = node.get("/api/campaigns/" + id);
            System.out.printf(Locale.ROOT, "campaign %s: %s, %,d of %,d cells done, %,d samples stored%n", id,
                    c.get("state").asText(), c.get("cells_done").asInt(), c.get("cells_total").asInt(),
                    c.get("samples").asLong());
        }
    }

    private static void print(String label, Phase p, Load.Result raw, Load.Result none) {
        System.out.printf(Locale.ROOT, "%s: %s (%,d leases in %.1f s = %,.0f lease cycles/s)%n", label,
                p.latencyText(), p.latencies.length, p.seconds, p.latencies.length / p.seconds);
        System.out.printf(Locale.ROOT, "    p50 = %.1fx, p99 = %.1fx the raw round trip at the same concurrency", p.pctMs(50)
                / raw.pctMs(50), p.pctMs(99) / raw.pctMs(99));
        System.out.printf(Locale.ROOT, none == null ? "%n" : "; p50 = %.1fx a 'no work' answer%n",
                none == null ? 0 : p.pctMs(50) / none.pctMs(50));
    }

    /** Lease latencies of one phase (sorted, nanoseconds) and its duration. */
    private record Phase(long[] latencies, double seconds) {
        double pctMs(double p) {
            int rank = (int) Math.ceil(p / 100.0 * latencies.length);
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
        }

        String latencyText() {
            return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", pctMs(50), pctMs(90),
                    pctMs(99), pctMs(100));
        }
    }

    /**
     * Runs lease cycles until the campaign has no more work for any of the workers: with {@code parallel} = 1 one
     * worker at a time in turn, otherwise every worker in its own loop. Bounded by {@link #LIMIT}.
     */
    private Phase phase(BenchNode node, Context driver, String campaign, List<String> workers, int parallel)
            throws Exception {
        Promise<Phase> done = Promise.promise();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        driver.runOnContext(v -> {
            List<Long> latencies = new ArrayList<>();
            long t0 = System.nanoTime();
            List<Future<Void>> loops = new ArrayList<>();
            if (parallel == 1) {
                loops.add(roundRobin(node, new ArrayList<>(workers), 0, latencies, deadline));
            } else {
                for (String w : workers) {
                    loops.add(loop(node, w, latencies, deadline));
                }
            }
            Future.all(loops).onComplete(ar -> {
                if (ar.failed()) {
                    done.fail(ar.cause());
                    return;
                }
                long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
                Arrays.sort(sorted);
                done.complete(new Phase(sorted, (System.nanoTime() - t0) / 1e9));
            });
        });
        Phase p = done.future().toCompletionStage().toCompletableFuture().get(LIMIT.toSeconds() + 60, TimeUnit.SECONDS);
        JsonNode c = node.get("/api/campaigns/" + campaign);
        if (c.get("cells_pending").asInt() + c.get("cells_running").asInt() > 0 && System.nanoTime() < deadline) {
            throw new AssertionError("the workers stopped while campaign " + campaign + " still has work: " + c);
        }
        return p;
    }

    /** One worker after the other; a worker that got no lease leaves the turn. */
    private Future<Void> roundRobin(BenchNode node, List<String> turn, int i, List<Long> latencies, long deadline) {
        if (turn.isEmpty() || System.nanoTime() > deadline) {
            return Future.succeededFuture();
        }
        int k = i % turn.size();
        String w = turn.get(k);
        return cycle(node, w, latencies).compose(got -> {
            if (!got) {
                turn.remove(k);
                return roundRobin(node, turn, k, latencies, deadline);
            }
            return roundRobin(node, turn, k + 1, latencies, deadline);
        });
    }

    private Future<Void> loop(BenchNode node, String w, List<Long> latencies, long deadline) {
        if (System.nanoTime() > deadline) {
            return Future.succeededFuture();
        }
        return cycle(node, w, latencies).compose(got -> got ? loop(node, w, latencies, deadline)
                : Future.succeededFuture());
    }

    /** One lease cycle of a worker; true when it got a lease (and finished it). */
    private Future<Boolean> cycle(BenchNode node, String worker, List<Long> latencies) {
        long t0 = System.nanoTime();
        return node.request(Addresses.LEASE, new LeaseRequest(Protocol.VERSION, worker, sessions.get(worker)), LeaseReply.class)
                .compose(reply -> {
                    if (reply.lease() == null) {
                        return Future.succeededFuture(false);
                    }
                    latencies.add(System.nanoTime() - t0);
                    Lease lease = reply.lease();
                    holding.put(worker, lease.leaseId());
                    return node.request(Addresses.SAMPLES, batch(worker, lease), BatchAck.class)
                            .compose(ack -> node.request(Addresses.LEASE_FINISHED, new LeaseFinished(Protocol.VERSION,
                                    worker, lease.leaseId(), null, false, sessions.get(worker)), LeaseFinishedAck.class))
                            .map(ack -> {
                                holding.remove(worker);
                                return true;
                            });
                });
    }

    /** What a zero-cost engine measures for a lease: the cold request, then each prompt's missing repetitions. */
    private SampleBatch batch(String worker, Lease lease) {
        List<Sample> samples = new ArrayList<>();
        long t = System.currentTimeMillis();
        LeasePrompt first = lease.prompts().get(0);
        samples.add(BenchFleet.sample(lease.campaignId(), first.cellId(), lease.leaseId(), worker, lease.variant().id(),
                first.prompt().id(), 0, SampleKind.COLD, t, 4, 16));
        for (LeasePrompt p : lease.prompts()) {
            for (int r = 0; r < p.repetitions(); r++) {
                samples.add(BenchFleet.sample(lease.campaignId(), p.cellId(), lease.leaseId(), worker,
                        lease.variant().id(), p.prompt().id(), p.firstRepetition() + r, SampleKind.MEASURED, t, 4, 16));
            }
        }
        return new SampleBatch(Protocol.VERSION, worker, UUID.randomUUID().toString(), samples, sessions.get(worker));
    }

    /** Every worker's heartbeat (renews its lease, keeps it READY), as agents send them every second. */
    private void heartbeats(BenchNode node, List<String> workers) {
        for (String w : workers) {
            String lease = holding.get(w);
            node.request(Addresses.HEARTBEAT, new Heartbeat(Protocol.VERSION, w, lease == null ? WorkerState.IDLE
                    : WorkerState.BUSY, lease, true, PowerSource.AC, 0, sessions.get(w)), HeartbeatReply.class);
        }
    }
}
