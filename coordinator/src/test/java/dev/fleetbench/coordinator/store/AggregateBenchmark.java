package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.model.CpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import dev.fleetbench.coordinator.wiring.CoordinatorVerticle;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.Dimension;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Aggregate query time at 1M and 10M stored samples: the store's aggregate call and the whole
 * {@code GET /api/aggregates} through a running coordinator verticle, each against the very same two SQL statements
 * (statistics, then the median intervals) run directly on a DuckDB connection in the same run. Samples are generated in SQL (100 workers in 10 hardware classes, 10 models,
 * 5 prompts). A program, not a test: {@code ./mvnw -q -pl coordinator -am process-test-classes -Paggregate-benchmark}.
 */
public final class AggregateBenchmark {

    private static final int WORKERS = 100;
    private static final int RUNS = 3;

    private AggregateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long[] sizes = args.length > 0 ? Arrays.stream(args).mapToLong(Long::parseLong).toArray()
                : new long[] {1_000_000, 10_000_000};
        System.out.printf("FleetBench aggregate benchmark: %d cores, Java %s; median of %d runs after one warm-up%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), RUNS);
        for (long n : sizes) {
            run(n);
        }
        System.exit(0);
    }

    private static void run(long n) throws Exception {
        Path dir = Files.createTempDirectory("fleetbench-agg-");
        Path file = dir.resolve("agg.duckdb");
        long t0 = System.nanoTime();
        try (DuckDbStore store = DuckDbStore.open(file)) {
            for (int w = 0; w < WORKERS; w++) {
                HardwareProfile p = profile(w);
                store.upsertWorker(new RegisterRequest(Protocol.VERSION, "w-" + w, "0.1.0", p,
                        new EngineDescriptor("embedded", "b4916"), List.of(), List.of(), Map.of()), Instant.now());
            }
            store.insertCampaign(new CampaignRecord("c-bench", "aggregate benchmark",
                    "{\"name\":\"aggregate benchmark\",\"models\":[\"model-0\"]}", false, null, Instant.now(),
                    CampaignState.DONE, Instant.now(), List.of()), List.of(), List.of());
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO samples (sample_id, seq, campaign_id, cell_id, lease_id, worker_id, model, prompt_id,"
                    + " repetition, kind, status, failure_code, set_aside, started_at_ms, ttft_ms, ttfc_ms, tpot_ms, e2e_ms,"
                    + " decode_tps, prefill_tps, n_in, n_out, tokens_approximate, engine, engine_version,"
                    + " execution_provider, device_type, hardware_profile_hash, prompt_set_version, power_source,"
                    + " agent_version, sample_json)"
                    + " SELECT 'b-' || i, i, 'c-bench', 'cell-' || (i % 5000), 'l', 'w-' || (i % " + WORKERS + "),"
                    + " 'model-' || ((i // " + WORKERS + ") % 10), 'p' || (i % 5), 0, 'measured',"
                    + " CASE WHEN i % 97 = 0 THEN 'failed' ELSE 'ok' END, NULL, false, 1790000000000 + i,"
                    + " 40 + random() * 200, 40 + random() * 200, 5 + random() * 20, 300 + random() * 2000,"
                    + " 50 + random() * 150, 500 + random() * 1000, 20, 128, false, 'embedded', 'b4916',"
                    + " 'llama.cpp-cpu', 'CPU', w.hardware_profile_hash, 'v1', 'ac', '0.1.0', '{}' FROM range(" + n + ") t(i)"
                    + " JOIN workers w ON w.worker_id = 'w-' || (i % " + WORKERS + ")");
        }
        System.out.printf("%n%,d samples generated in %.1f s (file %.0f MB)%n", n, (System.nanoTime() - t0) / 1e9,
                Files.size(file) / 1e6);
        AggregateRequest request = new AggregateRequest(List.of("c-bench"),
                List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL), Map.of("p0", "chat"));
        try (DuckDbStore store = DuckDbStore.open(file); Connection c = store.duplicateConnection()) {
            c.setAutoCommit(true);
            List<Double> fractions = new ArrayList<>(new java.util.TreeSet<>(store.aggregate(request).stream()
                    .flatMap(row -> Aggregates.WITH_INTERVAL.stream().map(m -> row.metrics().get(m).n()))
                    .filter(k -> dev.fleetbench.common.stats.MedianInterval.rank(k) > 0)
                    .flatMap(k -> java.util.stream.Stream.of(Aggregates.lowFraction(k), Aggregates.highFraction(k)))
                    .toList()));
            Vertx vertx = Vertx.vertx();
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deploy(vertx, store)
                        + "/api/aggregates?campaign=c-bench&by=hardware_class,model")).build();
                Work direct = () -> directQuery(c, Aggregates.sql(DuckDbDialect.INSTANCE, request), request)
                        + directQuery(c, Aggregates.intervalSql(DuckDbDialect.INSTANCE, request, fractions), request);
                Work viaStore = () -> store.aggregate(request).size();
                Work viaApi = () -> {
                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(r.body());
                    }
                    return r.body().length();
                };
                // interleaved, so that a noisy neighbour slows all three alike
                double[][] ms = new double[3][RUNS];
                Work[] works = {direct, viaStore, viaApi};
                for (Work w : works) {
                    w.run();
                }
                for (int i = 0; i < RUNS; i++) {
                    for (int k = 0; k < works.length; k++) {
                        long t = System.nanoTime();
                        works[k].run();
                        ms[k][i] = (System.nanoTime() - t) / 1e6;
                    }
                }
                double d = median(ms[0]);
                System.out.printf("  direct SQL on a DuckDB connection: %8.0f ms (%d groups)%n", d,
                        directQuery(c, Aggregates.sql(DuckDbDialect.INSTANCE, request), request));
                System.out.printf("  store.aggregate (SQL + mapping):   %8.0f ms  ratio %.2f%n", median(ms[1]), median(ms[1]) / d);
                System.out.printf("  GET /api/aggregates (HTTP, JSON):  %8.0f ms  ratio %.2f%n", median(ms[2]), median(ms[2]) / d);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        Files.walk(dir).sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }

    private static int directQuery(Connection c, String sql, AggregateRequest r) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            List<Object> params = Aggregates.parameters(r);
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            return rows;
        }
    }

    /** Deploys a coordinator verticle on the same store (local Vert.x); returns its HTTP port. */
    private static int deploy(Vertx vertx, DuckDbStore store) throws Exception {
        CoordinatorConfig config = new CoordinatorConfig("127.0.0.1", 0, ClusterSettings.coordinator("unused",
                "127.0.0.1", 0, List.of()), Files.createTempDirectory("fleetbench-agg-api"), null,
                CoordinatorSettings.DEFAULTS).withAutoApprove(true);
        CoordinatorVerticle v = new CoordinatorVerticle(config, store, Clock.systemUTC(), "bench");
        vertx.deployVerticle(v).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return v.httpPort();
    }

    @FunctionalInterface
    private interface Work {
        int run() throws Exception;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** Ten kinds of machine: two CPU families, five RAM sizes. */
    private static HardwareProfile profile(int w) {
        HardwareProfile base = w % 2 == 0 ? Fixtures.intelDesktop() : Fixtures.snapdragonLaptop();
        long ram = (8L << 30) * (1L << ((w / 2) % 5)) / 2;
        CpuInfo cpu = base.cpu();
        return new HardwareProfile("m-" + w, "host-" + w, base.os(), cpu, new MemoryInfo(ram, ram / 2), base.gpus(),
                base.npus(), base.power(), base.notes());
    }
}
