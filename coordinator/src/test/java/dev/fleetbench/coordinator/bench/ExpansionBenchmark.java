package dev.fleetbench.coordinator.bench;

import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeasePrompt;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpecParser;
import dev.fleetbench.coordinator.domain.leases.CampaignWork;
import dev.fleetbench.coordinator.domain.leases.WorkQueue;
import dev.fleetbench.coordinator.domain.leases.WorkerConditions;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import dev.fleetbench.coordinator.domain.matrix.LeaseUnit;
import dev.fleetbench.coordinator.domain.matrix.Matrix;
import dev.fleetbench.coordinator.domain.matrix.MatrixExpander;
import dev.fleetbench.coordinator.domain.placement.MachineView;
import dev.fleetbench.coordinator.store.CampaignRecord;
import dev.fleetbench.coordinator.store.CampaignState;
import dev.fleetbench.coordinator.store.DuckDbStore;
import dev.fleetbench.coordinator.testing.BenchNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Expansion + placement (a program, not a test; prints figures): {@link MatrixExpander#expand} of a 100,000-cell
 * matrix (10 models × 20 prompts × 500 machines of a mixed lab, {@link BenchFleet#mixedFleet}) plus adding it to a
 * {@link WorkQueue}, against two 10,000-cell references measured in the same run: A = the same 20 prompts over 50 of
 * the machines (placements and cells both a tenth), B = 2 prompts over all 500 machines (the same 5,000 placement
 * decisions, a tenth of the cells). The ratios of time per cell say whether the work grows linearly with the matrix. Each size runs
 * after JIT warm-up rounds, a bounded number of times (the median is printed). Then, for information, the rest of a
 * submit and the queue's dispatch: the store's insert of the 100,000 cells (DuckDB, one transaction, as
 * {@code POST /api/campaigns} does) and {@link WorkQueue#next} for every unit.
 *
 * <p>Run: {@code ./mvnw -q -pl coordinator -am process-test-classes -Pcoordinator-benchmark -Dbench=ExpansionBenchmark}
 */
public final class ExpansionBenchmark {

    private static final int MACHINES = 500;
    private static final int MODELS = 10;
    private static final long TIME_LIMIT_NANOS = Duration.ofSeconds(60).toNanos();

    private ExpansionBenchmark() {
    }

    private record Run(long expandNanos, long addNanos, Matrix matrix, WorkQueue queue) {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        List<MachineView> fleet = BenchFleet.mixedFleet(MACHINES, 42);
        List<String> models = BenchFleet.mixedModels().subList(0, MODELS);
        CampaignSpec small = CampaignSpecParser.parse(spec(models, 2), false);
        CampaignSpec large = CampaignSpecParser.parse(spec(models, 20), false);
        System.out.printf(Locale.ROOT, "FleetBench expansion + placement benchmark: %d machines (%s), %d models, "
                        + "Java %s, %d cores%n", MACHINES, kinds(fleet), MODELS, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        List<MachineView> fifty = fleet.subList(0, 50);
        // JIT warm-up on every size, not printed.
        for (int i = 0; i < 3; i++) {
            once(small, fleet);
            once(large, fifty);
        }
        once(large, fleet);

        long[][] smallRuns = repeat(small, fleet, 15);
        long[][] fewRuns = repeat(large, fifty, 15);
        long[][] largeRuns = repeat(large, fleet, 9);
        describe(once(large, fleet).matrix());
        double[] perCellA = print("10,000 cells = 10 models x 20 prompts x  50 machines (reference A)", fewRuns,
                10_000);
        double[] perCellB = print("10,000 cells = 10 models x  2 prompts x 500 machines (reference B)", smallRuns,
                10_000);
        double[] perCell = print("100,000 cells = 10 models x 20 prompts x 500 machines", largeRuns, 100_000);
        System.out.printf(Locale.ROOT, "linearity, time per cell at 100,000 / at 10,000 (1.00 = linear), medians "
                        + "(fastest runs): %.2f (%.2f) against A, placements and cells both x10; %.2f (%.2f) against B, "
                        + "the same 5,000 placements and x10 cells%n", perCell[0] / perCellA[0],
                perCell[1] / perCellA[1], perCell[0] / perCellB[0], perCell[1] / perCellB[1]);

        long heapBefore = usedHeapAfterGc();
        Run held = once(large, fleet);
        long heapAfter = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "heap held by the 100,000-cell matrix and its queue: %,d MB (%,d bytes per cell)%n",
                (heapAfter - heapBefore) >> 20, (heapAfter - heapBefore) / 100_000);

        storeInsert(held.matrix());
        dispatch(held);
        System.out.printf(Locale.ROOT, "total %.1f s%n", (System.nanoTime() - start) / 1e9);
        if (held.queue() == null) {
            throw new AssertionError("keeps the queue reachable until the heap was measured");
        }
        System.exit(0);
    }

    private static void describe(Matrix m) {
        long runnable = m.cells().stream().filter(c -> c.status() == CellStatus.PENDING).count();
        System.out.printf(Locale.ROOT, "100,000-cell matrix: %,d cells, %,d runnable in %,d lease units, %,d does not "
                + "fit (%s)%n", m.cells().size(), runnable, m.units().size(), m.cells().size() - runnable,
                dnfReasons(m));
    }

    private static String spec(List<String> models, int prompts) {
        return BenchFleet.spec("expansion", models, prompts, 3, 1, 64, Map.of("labels", Map.of("site", "hq"),
                "hardware_class", List.of("*windows*", "*linux*")));
    }

    private static Run once(CampaignSpec spec, List<MachineView> fleet) {
        long t0 = System.nanoTime();
        Matrix matrix = MatrixExpander.expand("c-bench", spec, fleet);
        long t1 = System.nanoTime();
        AtomicLong ids = new AtomicLong();
        WorkQueue queue = new WorkQueue(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Duration.ofSeconds(15), 3,
                () -> "l-" + ids.incrementAndGet());
        queue.add(new CampaignWork("c-bench", spec.warmups(), spec.prompts().version(), spec.requestTimeoutSeconds(),
                spec.removeDownloads(), spec.gating(), null, spec.repetitions(), spec.maxRepetitionFactor()), matrix);
        long t2 = System.nanoTime();
        return new Run(t1 - t0, t2 - t1, matrix, queue);
    }

    /** Up to {@code n} runs (bounded by the time limit); [expand nanos, add nanos] each. */
    private static long[][] repeat(CampaignSpec spec, List<MachineView> fleet, int n) {
        long[] expand = new long[n];
        long[] add = new long[n];
        long deadline = System.nanoTime() + TIME_LIMIT_NANOS / 2;
        int done = 0;
        for (; done < n && System.nanoTime() < deadline; done++) {
            Run r = once(spec, fleet);
            expand[done] = r.expandNanos();
            add[done] = r.addNanos();
        }
        return new long[][] {Arrays.copyOf(expand, done), Arrays.copyOf(add, done)};
    }

    /** Prints one size; returns nanoseconds per cell, median and fastest run. */
    private static double[] print(String label, long[][] runs, int cells) {
        long expand = median(runs[0]);
        long add = median(runs[1]);
        long total = median(sum(runs[0], runs[1]));
        System.out.printf(Locale.ROOT, "%-66s%n    expand + place %7.1f ms, WorkQueue.add %6.1f ms, together %7.1f ms = "
                        + "%,.0f cells/s (median of %d runs, fastest %.1f ms)%n", label, expand / 1e6, add / 1e6,
                total / 1e6, cells / (total / 1e9), runs[0].length, min(sum(runs[0], runs[1])) / 1e6);
        return new double[] {(double) total / cells, (double) min(sum(runs[0], runs[1])) / cells};
    }

    private static void storeInsert(Matrix m) throws Exception {
        Path dir = Files.createTempDirectory("fleetbench-expansion");
        try (DuckDbStore store = DuckDbStore.open(dir.resolve("store.duckdb"))) {
            long t0 = System.nanoTime();
            store.insertCampaign(new CampaignRecord("c-bench", "expansion", "{}", false, null, Instant.EPOCH,
                    CampaignState.RUNNING, null, m.notes()), m.cells(), m.units());
            System.out.printf(Locale.ROOT, "for information: the store's insert of the same %,d cells and %,d units "
                    + "(DuckDB, one transaction): %.0f ms%n", m.cells().size(), m.units().size(),
                    (System.nanoTime() - t0) / 1e6);
        } finally {
            BenchNode.deleteQuietly(dir);
        }
    }

    /**
     * Every machine asks for work until the queue has none; each lease is then stored in full and finished, as a
     * worker's lease cycle ends: the domain's share of lease dispatch, without bus or store.
     */
    private static void dispatch(Run r) {
        Set<String> workers = new LinkedHashSet<>();
        for (LeaseUnit u : r.matrix().units()) {
            workers.add(u.workerId());
        }
        WorkerConditions ok = new WorkerConditions(true, PowerSource.AC);
        WorkQueue q = r.queue();
        int leases = 0;
        long nextNanos = 0;
        long t0 = System.nanoTime();
        boolean more = true;
        while (more) {
            more = false;
            for (String w : workers) {
                long n0 = System.nanoTime();
                Optional<Lease> lease = q.next(w, ok);
                nextNanos += System.nanoTime() - n0;
                if (lease.isPresent()) {
                    leases++;
                    more = true;
                    for (LeasePrompt p : lease.get().prompts()) {
                        q.setMeasured(p.cellId(), p.firstRepetition() + p.repetitions());
                    }
                    q.finish(lease.get().leaseId(), null, false);
                }
            }
        }
        long nanos = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "for information: %,d leases until the queue was empty (%,d cells done): "
                        + "WorkQueue.next %.1f µs per lease, whole cycle (next, samples counted, finish) %.1f µs%n",
                leases, q.progress("c-bench").done(), nextNanos / 1e3 / Math.max(1, leases),
                nanos / 1e3 / Math.max(1, leases));
    }

    private static String kinds(List<MachineView> fleet) {
        Map<String, Long> n = new java.util.TreeMap<>();
        for (MachineView m : fleet) {
            String accel = m.hardwareClass().accelerator();
            n.merge(accel + "/" + m.hardwareClass().ramGb() + "GB", 1L, Long::sum);
        }
        return n.toString();
    }

    private static String dnfReasons(Matrix m) {
        Map<String, Long> n = new java.util.TreeMap<>();
        m.cells().stream().filter(c -> c.status() == CellStatus.DOES_NOT_FIT).forEach(c -> n.merge(
                c.reason().contains("not in this worker's catalog") ? "not in catalog"
                        : c.reason().contains("GB available") ? "too big for memory" : "no variant for the devices",
                1L, Long::sum));
        return n.toString();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long[] sum(long[] a, long[] b) {
        long[] s = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static long min(long[] v) {
        return Arrays.stream(v).min().orElse(0);
    }
}
