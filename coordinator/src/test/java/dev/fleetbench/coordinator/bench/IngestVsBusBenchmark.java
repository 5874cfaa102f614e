package dev.fleetbench.coordinator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.protocol.Addresses;
import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeaseReply;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.common.protocol.Wire;
import dev.fleetbench.coordinator.testing.BenchCoordinator;
import dev.fleetbench.coordinator.testing.BenchNode;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Durable ingest against the raw event bus (a program, not a test; prints figures). Two JVMs on loopback: this one
 * (a Hazelcast lite member, as a worker is) and a {@link BenchCoordinator} (the real coordinator). In one run:
 * <ol>
 * <li>the raw reference: request/reply of a small message (the size of a lease request) to a consumer on the
 *     coordinator's Vert.x that answers at once, 1 and 256 in flight, 10,000 messages each after two warm-up rounds;</li>
 * <li>durable ingest through the real path: {@code SampleBatch} → bus → {@code BusGateway} (decode, validate the session) →
 *     {@code CoordinatorService.samplesOfHolder} (every sample of a lease the sender holds) → the store's single writer → {@code DuckDbStore.ingest} (exactly-once
 *     check, counters, commit) → {@code BatchAck}, in batches of 100 and 1,000 samples, 1 and 16 batches in flight,
 *     into the cells of a real campaign (10 measured samples per cell, ~1.4 kB of JSON per sample);</li>
 * <li>the bus alone carrying those very messages: the same batch texts sent to the echo consumer (no decoding, no
 *     store), which separates transport from decoding and storing.</li>
 * </ol>
 * Bounded: 10,000 messages per raw measurement, 60,000 samples per durable one, 20 s per measurement at most. The
 * durable runs share one store that grows from run to run (as a coordinator's does); "stored before" says how full it
 * was. DuckDB checkpoints its WAL every ~16 MB (~10,000 samples), which gives the per-batch p99.
 *
 * <p>Run: {@code ./mvnw -q -pl coordinator -am process-test-classes -Pcoordinator-benchmark -Dbench=IngestVsBusBenchmark}
 */
public final class IngestVsBusBenchmark {

    private static final int RAW_MESSAGES = 10_000;
    private static final int SAMPLES_PER_RUN = 60_000;
    private static final int REPETITIONS = 10;
    /** One model per worker: one unit, so one lease covers all of a worker's cells (batches of 1,000 fit in it). */
    private static final int MODELS = 1;
    private static final int PROMPTS = 100;
    /** Cells per worker × samples per cell: 1,000 samples per worker, all in that worker's one lease. */
    private static final int SAMPLES_PER_WORKER = MODELS * PROMPTS * REPETITIONS;
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final int WARM_WORKERS = 3;

    private IngestVsBusBenchmark() {
    }

    private record CellRef(String id, String workerId, String model, String promptId) {
    }

    /** What a worker holds: its session (from registration) and its lease (from a LeaseRequest). */
    private record Holder(String session, String leaseId) {
    }

    public static void main(String[] args) throws Exception {
        BenchNode.runMain("ingest", IngestVsBusBenchmark::run);
    }

    private static void run(BenchNode node) throws Exception {
        EventBus bus = node.vertx.eventBus();
        System.out.printf(Locale.ROOT, "FleetBench durable ingest vs raw event bus: 2 JVMs on loopback (Vert.x "
                        + "clustered event bus over Hazelcast), Java %s, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        String small = Wire.encode(new LeaseRequest(Protocol.VERSION, "w-0123456789ab", null));
        for (int i = 0; i < 2; i++) { // warm-up rounds, not printed
            Load.run(node.vertx, RAW_MESSAGES, 256, LIMIT, k -> bus.request(BenchCoordinator.ECHO, small, BenchNode.TIMEOUT));
            Load.run(node.vertx, 2_000, 1, LIMIT, k -> bus.request(BenchCoordinator.ECHO, small, BenchNode.TIMEOUT));
        }
        Load.Result raw1 = Load.run(node.vertx, RAW_MESSAGES, 1, LIMIT,
                k -> bus.request(BenchCoordinator.ECHO, small, BenchNode.TIMEOUT)).requireNoFailure("raw, 1 in flight");
        Load.Result raw256 = Load.run(node.vertx, RAW_MESSAGES, 256, LIMIT,
                k -> bus.request(BenchCoordinator.ECHO, small, BenchNode.TIMEOUT)).requireNoFailure("raw, 256 in flight");
        System.out.printf(Locale.ROOT, "raw event bus request/reply (%d-character message, 2-character reply), after two "
                + "warm-up rounds:%n", small.length());
        System.out.printf(Locale.ROOT, "  1 in flight:   %,8.0f msg/s (%,d messages, %.2f s; round trip %s)%n",
                raw1.perSecond(), raw1.completed(), raw1.seconds(), raw1.latencyText());
        System.out.printf(Locale.ROOT, "  256 in flight: %,8.0f msg/s (%,d messages, %.2f s)%n", raw256.perSecond(),
                raw256.completed(), raw256.seconds());

        // A real campaign to ingest into: workers registered as simulated-engine agents, one model x 100 prompts each.
        int workers = WARM_WORKERS + 4 * (SAMPLES_PER_RUN / SAMPLES_PER_WORKER);
        List<String> models = BenchFleet.simulatedModels(MODELS);
        List<Future<RegisterReply>> regs = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            RegisterRequest r = BenchFleet.registration(String.format(Locale.ROOT, "w-ingest-%04d", i),
                    BenchFleet.simulatedCatalog(models));
            regs.add(node.request(Addresses.REGISTER, r, RegisterReply.class));
        }
        node.await(Future.all(regs));
        String campaign = node.submit(BenchFleet.spec("ingest benchmark", models, PROMPTS, REPETITIONS, 0, 64, null));
        Map<String, List<CellRef>> cells = cellsByWorker(node.get("/api/campaigns/" + campaign + "/cells"));
        if (cells.size() != workers) {
            throw new AssertionError("expected cells on " + workers + " workers, got " + cells.size());
        }
        List<String> order = new ArrayList<>(cells.keySet());
        // Every worker leases its unit first, as a real one does: the coordinator stores samples only from the worker
        // that holds their lease, for that lease's cells and repetitions (not timed).
        Map<String, Holder> holders = leaseAll(node, order, regs, cells);
        Generator gen = new Generator(campaign, holders);

        // Warm-up of the durable path (JIT on both sides, the store's first pages), not printed.
        List<String> warm = gen.batches(cells, order.subList(0, WARM_WORKERS), 100);
        durable(node, warm, 4, 100);

        System.out.printf(Locale.ROOT, "durable ingest (SampleBatch -> CoordinatorService.samples -> DuckDB -> BatchAck),"
                + " into campaign %s (%,d cells, %d measured samples each); mean sample %,d characters of JSON:%n",
                campaign, workers * MODELS * PROMPTS, REPETITIONS, gen.meanJson());
        System.out.println("  batch  in flight  stored before  durable samples/s  x raw 256-in-flight msg/s  x raw 1-in-flight"
                + " msg/s   bus alone, same messages (echo)  per batch durable");
        int next = WARM_WORKERS;
        long stored = warm.size() * 100L;
        for (int batchSize : new int[] {100, 1000}) {
            for (int inFlight : new int[] {1, 16}) {
                int perRun = SAMPLES_PER_RUN / SAMPLES_PER_WORKER;
                List<String> batches = gen.batches(cells, order.subList(next, next + perRun), batchSize);
                next += perRun;
                Load.Result echo = Load.run(node.vertx, batches.size(), inFlight, LIMIT,
                        i -> bus.request(BenchCoordinator.ECHO, batches.get(i), BenchNode.TIMEOUT))
                        .requireNoFailure("echo of batches");
                long before = stored;
                Load.Result d = durable(node, batches, inFlight, batchSize);
                stored += (long) d.completed() * batchSize;
                double samplesPerS = d.perSecond() * batchSize;
                System.out.printf(Locale.ROOT, "  %5d  %9d  %,13d  %,17.0f  %25.2f  %23.2f   %,9.0f samples/s (%4.1fx "
                                + "durable)  p50 %.1f ms, p99 %.1f ms (%,d samples, %.1f s)%n", batchSize, inFlight, before,
                        samplesPerS,
                        samplesPerS / raw256.perSecond(), samplesPerS / raw1.perSecond(), echo.perSecond() * batchSize,
                        echo.perSecond() * batchSize / samplesPerS, d.pctMs(50), d.pctMs(99),
                        (long) d.completed() * batchSize, d.seconds());
            }
        }
        JsonNode c = node.get("/api/campaigns/" + campaign);
        if (c.get("samples").asLong() != stored) {
            throw new AssertionError("the store holds " + c.get("samples") + " samples of the campaign, expected " + stored);
        }
        System.out.printf(Locale.ROOT, "check: the store holds exactly the %,d samples sent, warm-up included%n", stored);
    }

    /** Sends pre-encoded batches to the coordinator's sample address; an ack that stored less than sent is a failure. */
    private static Load.Result durable(BenchNode node, List<String> batches, int inFlight, int batchSize)
            throws Exception {
        return Load.run(node.vertx, batches.size(), inFlight, LIMIT, i -> node.vertx.eventBus()
                .<String>request(Addresses.SAMPLES, batches.get(i), BenchNode.TIMEOUT)
                .map(reply -> {
                    BatchAck ack = Wire.decode(reply.body(), BatchAck.class);
                    if (ack.stored() != batchSize) {
                        throw new IllegalStateException("batch " + ack.batchId() + ": stored " + ack.stored() + " of "
                                + batchSize + " (duplicates " + ack.duplicates() + ", set aside " + ack.setAside() + ")");
                    }
                    return ack;
                })).requireNoFailure("durable ingest, batches of " + batchSize);
    }

    /** Registers nothing new: asks one lease per worker with its session and checks it covers all its cells. */
    private static Map<String, Holder> leaseAll(BenchNode node, List<String> order, List<Future<RegisterReply>> regs,
            Map<String, List<CellRef>> cells) throws Exception {
        Map<String, String> sessions = new LinkedHashMap<>();
        for (Future<RegisterReply> r : regs) {
            if (!r.result().accepted()) {
                throw new AssertionError("registration refused: " + r.result().message());
            }
        }
        for (int i = 0; i < regs.size(); i++) {
            sessions.put(String.format(Locale.ROOT, "w-ingest-%04d", i), regs.get(i).result().session());
        }
        List<Future<LeaseReply>> replies = new ArrayList<>();
        for (String w : order) {
            replies.add(node.request(Addresses.LEASE, new LeaseRequest(Protocol.VERSION, w, sessions.get(w)),
                    LeaseReply.class));
        }
        node.await(Future.all(replies));
        Map<String, Holder> out = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            String w = order.get(i);
            Lease lease = replies.get(i).result().lease();
            if (lease == null || lease.prompts().size() != cells.get(w).size()) {
                throw new AssertionError(w + " got " + (lease == null ? "no lease ("
                        + replies.get(i).result().reason() + ")" : "a lease of " + lease.prompts().size() + " cells")
                        + ", expected one lease of its " + cells.get(w).size() + " cells");
            }
            out.put(w, new Holder(sessions.get(w), lease.leaseId()));
        }
        return out;
    }

    private static Map<String, List<CellRef>> cellsByWorker(JsonNode cells) {
        Map<String, List<CellRef>> out = new LinkedHashMap<>();
        for (JsonNode c : cells) {
            out.computeIfAbsent(c.get("worker_id").asText(), k -> new ArrayList<>()).add(new CellRef(c.get("id").asText(),
                    c.get("worker_id").asText(), c.get("variant_id").asText(), c.get("prompt_id").asText()));
        }
        return out;
    }

    /**
     * Samples as a worker measures them (64 tokens with their gaps, a 300-character answer, provenance), the
     * repetitions of one cell after another, encoded as batches of one worker each (a batch names its sender).
     */
    private static final class Generator {
        private final String campaign;
        private final Map<String, Holder> holders;
        private final Random random = new Random(42);
        private long t = 1_700_000_000_000L;
        private long jsonChars;
        private long samples;

        Generator(String campaign, Map<String, Holder> holders) {
            this.campaign = campaign;
            this.holders = holders;
        }

        List<String> batches(Map<String, List<CellRef>> cells, List<String> workers, int batchSize) {
            List<String> out = new ArrayList<>();
            for (String w : workers) {
                List<Sample> all = new ArrayList<>();
                for (CellRef c : cells.get(w)) {
                    for (int rep = 0; rep < REPETITIONS; rep++) {
                        all.add(sample(c, rep));
                    }
                }
                for (int from = 0; from + batchSize <= all.size(); from += batchSize) {
                    String json = Wire.encode(new SampleBatch(Protocol.VERSION, w, UUID.randomUUID().toString(),
                            all.subList(from, from + batchSize), holders.get(w).session()));
                    jsonChars += json.length();
                    samples += batchSize;
                    out.add(json);
                }
            }
            return out;
        }

        int meanJson() {
            return (int) (jsonChars / Math.max(1, samples));
        }

        private Sample sample(CellRef c, int rep) {
            t += 50 + random.nextInt(200);
            return BenchFleet.sample(campaign, c.id(), holders.get(c.workerId()).leaseId(), c.workerId(),
                    c.model(), c.promptId(), rep, SampleKind.MEASURED, t, 65, 300);
        }
    }
}
