package dev.fleetbench.coordinator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.coordinator.testing.BenchCoordinator;
import dev.fleetbench.coordinator.testing.BenchNode;
import dev.fleetbench.coordinator.testing.ChildJvm;
import dev.fleetbench.coordinator.testing.VirtualFleet;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A simulated fleet finishing a large campaign (a program, not a test; prints figures). One coordinator JVM
 * ({@link BenchCoordinator}: the real runtime) and a few {@link VirtualFleet} JVMs, each a Hazelcast lite member with
 * hundreds of real worker agents on the zero-cost simulated engine; by default 4 × 250 = 1,000 virtual workers and
 * a campaign of 10 models × 10 prompts × 1,000 workers = 100,000 cells (1 repetition, no warm-up, max_tokens 4), so
 * 10,000 leases and 110,000 samples (each lease also measures its cold request). After a warm-up campaign of a tenth
 * of that size (one model), prints the wall time from submit to done, samples/s, the coordinator process's CPU time
 * per cell (from the OS, in all and per kind of thread) against its CPU use while the same fleet only heartbeats
 * (measured just before, in the same run), its heap after a full GC before and after the run, and checks that every
 * sample was stored exactly once.
 * Bounded: the campaign must finish within 12 minutes, else the benchmark says where it stood and stops.
 *
 * <p>Run: {@code ./mvnw -q -pl coordinator -am process-test-classes -Pcoordinator-benchmark -Dbench=FleetBenchmark}
 * (optional {@code -Dbench.args="JVMS AGENTS_PER_JVM MODELS PROMPTS"}, default {@code 4 250 10 10}).
 * With {@code -Dbench.jfr=PATH} the coordinator JVM records a Flight Recorder profile to PATH.
 */
public final class FleetBenchmark {

    private static final Duration LIMIT = Duration.ofMinutes(12);
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private FleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jvms = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int perJvm = args.length > 1 ? Integer.parseInt(args[1]) : 250;
        int models = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int prompts = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        long start = System.nanoTime();
        int status = 0;
        List<String> coordinatorOptions = new ArrayList<>();
        String jfr = System.getProperty("bench.jfr");
        if (jfr != null && !jfr.isBlank()) {
            coordinatorOptions.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        try (BenchNode node = BenchNode.start("fleet", coordinatorOptions)) {
            List<ChildJvm> fleet = new ArrayList<>();
            try {
                status = run(node, fleet, jvms, perJvm, models, prompts);
                if (status != 0) {
                    node.keep();
                }
            } catch (Exception | AssertionError e) {
                System.out.println("FAILED: " + e);
                System.out.println("coordinator log (last lines):\n" + BenchNode.tail(node.coordinator.log(), 40));
                for (ChildJvm f : fleet) {
                    System.out.println(f.log() + " (last lines):\n" + BenchNode.tail(f.log(), 10));
                }
                status = 1;
                node.keep();
            } finally {
                node.leave(); // first, so that this node does not narrate the fleet's departure
                fleet.forEach(ChildJvm::close);
            }
        }
        System.out.printf(Locale.ROOT, "total %.1f s%n", (System.nanoTime() - start) / 1e9);
        System.exit(status);
    }

    private static int run(BenchNode node, List<ChildJvm> fleet, int jvms, int perJvm, int models, int prompts)
            throws Exception {
        int workers = jvms * perJvm;
        int cells = models * prompts * workers;
        System.out.printf(Locale.ROOT, "FleetBench simulated fleet: %,d virtual workers (%d JVMs x %d agents, simulated "
                        + "engine at zero cost), campaign of %,d cells (%d models x %d prompts x %,d workers, 1 "
                        + "repetition, 0 warm-ups, max_tokens 4), Java %s, %d cores%n", workers, jvms, perJvm, cells,
                models, prompts, workers, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        List<String> modelIds = BenchFleet.simulatedModels(models);
        long t0 = System.nanoTime();
        for (int k = 0; k < jvms; k++) {
            fleet.add(ChildJvm.start("fleet-" + k, node.dir.resolve("fleet-" + k + ".log"),
                    List.of("-Xmx512m", "-XX:+UseSerialGC"), VirtualFleet.class, List.of(node.joinAddress,
                            node.clusterName, Integer.toString(perJvm), "v" + k + "-",
                            node.dir.resolve("fleet-" + k).toString(), String.join(",", modelIds))));
        }
        long slowestBurst = 0;
        for (ChildJvm f : fleet) {
            // "agents failed-registrations ms": a JVM whose registration burst had a failure does not get here.
            slowestBurst = Math.max(slowestBurst, Long.parseLong(f.awaitReady(Duration.ofMinutes(4)).split(" ")[2]));
        }
        awaitReady(node, workers);
        System.out.printf(Locale.ROOT, "fleet up: %,d workers registered and ready in %.1f s (%d JVMs registering all "
                + "their agents at once, none failed; the slowest burst took %,d ms)%n", workers,
                (System.nanoTime() - t0) / 1e9, jvms, slowestBurst);

        // Warm-up (JIT, store pages) with a tenth of the matrix: one model on every worker; not measured.
        long w0 = System.nanoTime();
        String warm = node.submit(BenchFleet.spec("fleet warm-up", modelIds.subList(0, 1), prompts, 1, 0, 4, null));
        JsonNode wc = awaitDone(node, warm, Duration.ofMinutes(5));
        System.out.printf(Locale.ROOT, "warm-up campaign: %,d cells %s in %.1f s (not measured)%n",
                wc.get("cells_total").asInt(), wc.get("state").asText(), (System.nanoTime() - w0) / 1e9);

        // Reference: what the coordinator spends while the same fleet only heartbeats (1,000 heartbeats/s), once the
        // warm-up's after-effects (compilation queue, the store's checkpoint) have settled.
        Thread.sleep(SETTLE.toMillis());
        Duration idleCpu0 = node.coordinator.cpu();
        long idle0 = System.nanoTime();
        Thread.sleep(IDLE_WINDOW.toMillis());
        double idleShare = share(node.coordinator.cpu().minus(idleCpu0), System.nanoTime() - idle0);
        JsonNode before = node.stats();

        Duration cpu0 = node.coordinator.cpu();
        Map<String, Duration> threads0 = node.coordinator.threadCpu();
        Duration fleetCpu0 = fleetCpu(fleet);
        long submitted = System.nanoTime();
        JsonNode sub = node.post("/api/campaigns", BenchFleet.spec("fleet benchmark", modelIds, prompts, 1, 0, 4, null));
        String id = sub.get("id").asText();
        double submitSeconds = (System.nanoTime() - submitted) / 1e9;
        if (sub.get("cells_total").asInt() != cells) {
            throw new AssertionError("expected " + cells + " cells, the coordinator made " + sub.get("cells_total"));
        }
        System.out.printf(Locale.ROOT, "submitted %s: %,d cells expanded, stored and queued in %.1f s (POST /api/campaigns)%n",
                id, cells, submitSeconds);

        JsonNode c = null;
        long lastPrint = System.nanoTime();
        Duration lastCpu = cpu0;
        long lastCells = 0;
        while (System.nanoTime() - submitted < LIMIT.toNanos()) {
            Thread.sleep(1000);
            c = node.get("/api/campaigns/" + id);
            if (!c.get("state").asText().equals("running")) {
                break;
            }
            if (System.nanoTime() - lastPrint > 30_000_000_000L) {
                long now = System.nanoTime();
                Duration cpu = node.coordinator.cpu();
                long done = c.get("cells_done").asLong();
                System.out.printf(Locale.ROOT, "  %5.0f s: %,7d cells done, %,7d samples; last 30 s: %,5.0f cells/s, "
                                + "coordinator CPU %3.0f%% of one core%n", (now - submitted) / 1e9, done,
                        c.get("samples").asLong(), (done - lastCells) / ((now - lastPrint) / 1e9),
                        100 * share(cpu.minus(lastCpu), now - lastPrint));
                lastPrint = now;
                lastCpu = cpu;
                lastCells = done;
            }
        }
        long wallNanos = System.nanoTime() - submitted;
        Duration cpu = node.coordinator.cpu().minus(cpu0);
        Map<String, Duration> threads = node.coordinator.threadCpu();
        Duration fleetCpu = fleetCpu(fleet).minus(fleetCpu0);
        if (c == null || !c.get("state").asText().equals("done")) {
            System.out.printf(Locale.ROOT, "NOT DONE within %d min: %s%n", LIMIT.toMinutes(), c);
            return 2;
        }
        JsonNode after = node.stats();
        long samples = c.get("samples").asLong();
        long done = c.get("cells_done").asLong();
        double wall = wallNanos / 1e9;
        System.out.printf(Locale.ROOT, "done: %,d of %,d cells done, %,d failed, %,d samples stored%n", done,
                c.get("cells_total").asLong(), c.get("cells_failed").asLong(), samples);
        System.out.printf(Locale.ROOT, "wall time, submit to done: %.1f s = %,.0f cells/s, %,.0f samples/s%n", wall,
                done / wall, samples / wall);
        System.out.printf(Locale.ROOT, "coordinator CPU: %.1f s over the run (%.0f%% of one core) = %.3f ms per cell, "
                        + "%.3f ms per sample; reference, the same fleet only heartbeating: %.0f%% of one core, so %.3f ms "
                        + "per cell above idle%n", cpu.toMillis() / 1e3, 100 * share(cpu, wallNanos),
                cpu.toNanos() / 1e6 / done, cpu.toNanos() / 1e6 / samples, 100 * idleShare,
                (cpu.toNanos() - idleShare * wallNanos) / 1e6 / done);
        StringBuilder split = new StringBuilder();
        threads.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().minus(threads0.getOrDefault(e.getKey(), Duration.ZERO))))
                .sorted((x, y) -> y.getValue().compareTo(x.getValue()))
                .forEach(e -> split.append(String.format(Locale.ROOT, "%s%s %.3f", split.length() == 0 ? "" : ", ",
                        e.getKey(), e.getValue().toNanos() / 1e6 / done)));
        System.out.println("    per cell by coordinator thread, ms: " + split);
        System.out.printf(Locale.ROOT, "virtual fleet CPU (%d JVMs together): %.1f s over the run (%.0f%% of one core)%n",
                jvms, fleetCpu.toMillis() / 1e3, 100 * share(fleetCpu, wallNanos));
        System.out.printf(Locale.ROOT, "coordinator heap after a full GC: %,d MB before the campaign, %,d MB after it "
                        + "(committed %,d MB, max %,d MB, %d threads)%n", before.get("heap_used_after_gc").asLong() >> 20,
                after.get("heap_used_after_gc").asLong() >> 20, after.get("heap_committed").asLong() >> 20,
                after.get("heap_max").asLong() >> 20, after.get("threads").asInt());
        long lost = 0;
        for (ChildJvm f : fleet) {
            lost += Files.readAllLines(f.log()).stream().filter(l -> l.startsWith("LOST ")).count();
        }
        System.out.printf(Locale.ROOT, "agents that lost contact with the coordinator (no answer for 10 s): %d%n", lost);
        // Exactly once: every cell holds its one measured sample, and each lease stored its cold request besides.
        long expected = (long) models * workers * (prompts + 1);
        long wrong = 0;
        for (JsonNode cell : node.get("/api/campaigns/" + id + "/cells")) {
            if (cell.get("measured").asInt() != cell.get("planned").asInt()) {
                wrong++;
            }
        }
        System.out.printf(Locale.ROOT, "check: %,d samples stored, %,d expected (a cold request and %d measured per "
                + "lease); cells whose measured count differs from the plan: %d%n", samples, expected, prompts, wrong);
        return done == cells && samples == expected && wrong == 0 ? 0 : 3;
    }

    private static JsonNode awaitDone(BenchNode node, String id, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        JsonNode c = node.get("/api/campaigns/" + id);
        while (c.get("state").asText().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            c = node.get("/api/campaigns/" + id);
        }
        if (!c.get("state").asText().equals("done")) {
            throw new AssertionError("campaign " + id + " not done within " + max.toMinutes() + " min: " + c);
        }
        return c;
    }

    private static void awaitReady(BenchNode node, int workers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode h = node.get("/api/workers");
            long ready = 0;
            for (JsonNode w : h) {
                if (w.get("status").asText().equals("ready")) {
                    ready++;
                }
            }
            if (ready == workers) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the fleet's " + workers + " workers were not all ready within 2 minutes");
    }

    private static Duration fleetCpu(List<ChildJvm> fleet) {
        Duration d = Duration.ZERO;
        for (ChildJvm f : fleet) {
            d = d.plus(f.cpu());
        }
        return d;
    }

    private static double share(Duration cpu, long wallNanos) {
        return cpu.toNanos() / (double) wallNanos;
    }
}
