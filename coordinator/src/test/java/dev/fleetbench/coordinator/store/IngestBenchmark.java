package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import dev.fleetbench.coordinator.testing.PostgresServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * Ingest throughput of {@link DuckDbStore}, then of {@link PostgresStore} on the test server (a program, not a test;
 * prints figures; {@code --duckdb-only} skips PostgreSQL). Each run writes 200,000 generated
 * samples (about 1.4 kB of JSON each: 64 inter-token gaps, a 300-character answer, provenance) into a fresh file:
 * <ul>
 * <li>{@code ingest} in batches of 100 and of 1,000, 5 % of the batches sent twice (as a worker resends after a lost
 *     acknowledgement), cells planned for 10 measured samples, one warm-up per lease;</li>
 * <li>references in the same run, on the same table: a plain prepared {@code INSERT} loop (JDBC batches of 1,000
 *     rows per transaction, no duplicate check) and a bare Appender (1,000 rows per transaction, no check).</li>
 * </ul>
 * Run: {@code ./mvnw -q -pl coordinator -am process-test-classes -Pingest-benchmark}. Optional arguments: samples,
 * {@code --duckdb-only}.
 */
public final class IngestBenchmark {

    private static final int PLANNED = 10;
    private static final long REFERENCE_LIMIT_NANOS = 20_000_000_000L;

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 && args[0].matches("\\d+") ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("fleetbench-ingest-bench");
        try {
            String version;
            try (var c = DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement();
                 var r = s.executeQuery("SELECT library_version FROM pragma_version()")) {
                r.next();
                version = r.getString(1);
            }
            System.out.printf(Locale.ROOT, "FleetBench ingest benchmark: %,d samples, DuckDB %s, %d cores, Java %s%n",
                    total, version, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            Data data = generate(total);
            System.out.printf(Locale.ROOT, "generated: %,d samples in %,d cells, mean JSON %,d bytes%n", total,
                    data.cells.size(), data.meanJsonBytes());
            Stores duck = Stores.duckDb(dir);
            ingest(duck, "warmup", data, 100, Math.min(total, 20_000), false); // JIT warm-up, not printed
            ingest(duck, "b100", data, 100, total, true);
            ingest(duck, "b1000", data, 1_000, total, true);
            plainInsert(dir.resolve("insert.duckdb"), data, total);
            appenderOnly(dir.resolve("appender.duckdb"), data, total);
            if (!Arrays.asList(args).contains("--duckdb-only")) {
                Stores pg = Stores.postgres();
                // the test server runs without fsync; made durable again, like DuckDB's commits, for a fair comparison
                PostgresServer server = PostgresServer.shared();
                for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                    server.execute("ALTER SYSTEM SET " + setting + " = on");
                }
                server.execute("SELECT pg_reload_conf()");
                System.out.printf(Locale.ROOT, "PostgreSQL %s on 127.0.0.1 (TCP), fsync and synchronous commit on:%n",
                        server.version());
                ingest(pg, "b100", data, 100, total, true);
                ingest(pg, "b1000", data, 1_000, total, true);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Data(List<Cell> cells, List<Sample> samples) {
        int meanJsonBytes() {
            return (int) samples.stream().limit(1_000).mapToInt(s -> dev.fleetbench.common.json.Json.write(s).length())
                    .average().orElse(0);
        }
    }

    /** Leases of 10 measured samples and one warm-up per cell, in time order, like a fleet sends them. */
    private static Data generate(int total) {
        Random random = new Random(42);
        Sample template = Samples.ok("phi-4-mini-cpu", "p", 120.0, 9.0, 65);
        String text = "x".repeat(300);
        List<Cell> cells = new ArrayList<>();
        List<Sample> samples = new ArrayList<>(total);
        long t = 1_700_000_000_000L;
        for (int c = 0; samples.size() < total; c++) {
            Cell cell = new Cell(String.format(Locale.ROOT, "cell-%07d", c), "bench", "w" + (c % 50), "phi-4-mini",
                    "phi-4-mini-cpu", "p" + (c % 20), PLANNED, CellStatus.PENDING, null);
            cells.add(cell);
            for (int i = 0; i <= PLANNED && samples.size() < total; i++) {
                SampleKind kind = i == 0 ? SampleKind.WARMUP : SampleKind.MEASURED;
                t += 50 + random.nextInt(200);
                samples.add(new Sample(UUID.randomUUID().toString(), "bench", cell.id(), "lease-" + c,
                        cell.workerId(), cell.variantId(), cell.promptId(), i, kind, template.status(), null, null, t,
                        template.ttftMs() + random.nextDouble() * 20, template.ttfcMs(), template.tpotMs(),
                        template.e2eMs(), template.decodeTps(), template.prefillTps(), 40, 65, false,
                        template.itlGapsMs(), "stop", text, null, Fixtures.embeddedFingerprint(cell.variantId()),
                        null, null, null));
            }
        }
        return new Data(cells, samples);
    }

    private static void ingest(Stores stores, String name, Data data, int batchSize, int total, boolean print) {
        try (JdbcStore store = stores.open(name)) {
            store.insertCampaign(new CampaignRecord("bench", "bench", "{}", false, null, Instant.EPOCH,
                    CampaignState.RUNNING, null, List.of()), data.cells, List.of());
            List<Long> latencies = new ArrayList<>();
            long stored = 0;
            long duplicates = 0;
            long start = System.nanoTime();
            int batchNo = 0;
            for (int from = 0; from < total; from += batchSize) {
                List<Sample> batch = data.samples.subList(from, Math.min(total, from + batchSize));
                int sends = batchNo++ % 20 == 7 ? 2 : 1; // 5 % resent
                for (int k = 0; k < sends; k++) {
                    long t0 = System.nanoTime();
                    IngestResult r = store.ingest(batch);
                    latencies.add(System.nanoTime() - t0);
                    stored += r.stored();
                    duplicates += r.duplicates();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (print) {
                long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "ingest, batches of %,5d: %,9.0f samples/s stored (%,d stored, %,d "
                                + "duplicates ignored, %,d batches incl. resends, %.1f s); per batch p50 %.2f ms, p99 %.2f ms;"
                                + " full checks %d%s%n",
                        batchSize, stored / seconds, stored, duplicates, sorted.length, seconds,
                        pct(sorted, 50) / 1e6, pct(sorted, 99) / 1e6, store.fullChecks(),
                        store instanceof DuckDbStore d ? String.format(Locale.ROOT, "; file %,d MB", sizeMb(d.file())) : "");
                // a resend of the very first batch once the file is full: the join must not scan every sample
                long t0 = System.nanoTime();
                IngestResult late = store.ingest(data.samples.subList(0, batchSize));
                System.out.printf(Locale.ROOT, "    resend of the first batch after %,d samples: %.2f ms (%d duplicates)%n",
                        stored, (System.nanoTime() - t0) / 1e6, late.duplicates());
            }
        }
    }

    /** Reference: the same rows through a prepared INSERT, JDBC batches of 1,000 per transaction, no checks. */
    private static void plainInsert(Path file, Data data, int total) throws SQLException {
        DuckDbStore.open(file).close();
        String sql = "INSERT INTO samples (" + String.join(", ", SampleColumns.NAMES) + ") VALUES ("
                + Jdbc.marks(SampleColumns.NAMES.size()) + ")";
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file)) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            int done = 0;
            try (PreparedStatement p = c.prepareStatement(sql)) {
                while (done < total && System.nanoTime() - start < REFERENCE_LIMIT_NANOS) {
                    int end = Math.min(total, done + 1_000);
                    for (int i = done; i < end; i++) {
                        bind(p, data.samples.get(i), i + 1L);
                        p.addBatch();
                    }
                    p.executeBatch();
                    c.commit();
                    done = end;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "reference, prepared INSERT loop (1,000 per commit, no dedupe): %,9.0f "
                    + "samples/s (%,d samples, %.1f s)%n", done / seconds, done, seconds);
        }
    }

    /** Reference: a bare Appender into the same table, 1,000 rows per transaction, no checks. */
    private static void appenderOnly(Path file, Data data, int total) throws SQLException {
        DuckDbStore.open(file).close();
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file)) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (int from = 0; from < total; from += 1_000) {
                int first = from;
                int end = Math.min(total, from + 1_000);
                Jdbc.begin(c);
                DuckDbDialect.INSTANCE.insert(c, "samples", false, SampleColumns.NAMES, false, sink -> {
                    for (int i = first; i < end; i++) {
                        sink.row(SampleColumns.values(data.samples.get(i), i + 1L, false));
                    }
                });
                c.commit();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "reference, bare Appender (1,000 per commit, no dedupe):          %,9.0f "
                    + "samples/s (%,d samples, %.1f s)%n", total / seconds, total, seconds);
        }
    }

    private static void bind(PreparedStatement p, Sample s, long seq) throws SQLException {
        var f = s.fingerprint();
        Object[] v = {s.id(), seq, s.campaignId(), s.cellId(), s.leaseId(), s.workerId(), s.model(), s.promptId(),
                s.repetition(), s.kind().wire(), s.status().wire(), null, false, s.startedAtMs(), s.ttftMs(),
                s.ttfcMs(), s.tpotMs(), s.e2eMs(), s.decodeTps(), s.prefillTps(), s.nIn(), s.nOut(),
                s.tokensApproximate(), f.engine(), f.engineVersion(), f.executionProvider(), f.deviceType().name(),
                f.hardwareProfileHash(), f.promptSetVersion(), f.powerSource().wire(), f.agentVersion(),
                dev.fleetbench.common.json.Json.write(s)};
        for (int i = 0; i < v.length; i++) {
            p.setObject(i + 1, v[i]);
        }
    }

    private static long pct(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static long sizeMb(Path file) {
        try {
            long wal = Files.exists(Path.of(file + ".wal")) ? Files.size(Path.of(file + ".wal")) : 0;
            return (Files.size(file) + wal) >> 20;
        } catch (IOException e) {
            return -1;
        }
    }
}
