package dev.fleetbench.coordinator.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code fleetbench demo} twice on this machine, one after the other, and prints every cell's decode p50
 * (worker × model × prompt, measured samples) of both runs and their difference: two runs on a quiet machine must
 * agree within 3 % per cell, or the demo's figures depend on how its workers' threads collide. A program, not a test.
 *
 * <pre>
 * ./fleetbench hardware >/dev/null     # builds the jars once
 * ./mvnw -q -pl coordinator -am process-test-classes -Pcoordinator-benchmark -Dbench=DemoAgreementBenchmark \
 *     [-Dbench.args="--no-pin-workers"]     # further arguments of fleetbench demo
 * ... -Dbench.args="--compare RUN1_DIR RUN2_DIR"   # compare two stored runs again (cells present in both)
 * </pre>
 */
public final class DemoAgreementBenchmark {

    private DemoAgreementBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--compare")) {
            // two data dirs of earlier runs (e.g. the run-1 and run-2 folders a run of this program printed)
            print(cells(Path.of(args[1], "coordinator/fleetbench.duckdb")),
                    cells(Path.of(args[2], "coordinator/fleetbench.duckdb")));
            System.exit(0);
        }
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Path coordinator = root.resolve("coordinator/target/fleetbench-coordinator.jar");
        Path worker = root.resolve("worker-agent/target/fleetbench-worker.jar");
        if (!Files.isRegularFile(coordinator) || !Files.isRegularFile(worker)) {
            System.err.println("build the jars first (./fleetbench hardware does): " + coordinator + ", " + worker);
            System.exit(1);
        }
        Path base = Files.createTempDirectory("fleetbench-demo-agreement");
        List<Map<String, double[]>> runs = new ArrayList<>();
        String load = loadAverage();
        for (int run = 1; run <= 2; run++) {
            Path dir = base.resolve("run-" + run);
            if (run == 2) {
                copyModels(base.resolve("run-1/models"), dir.resolve("models")); // generation is not the point
            }
            long t0 = System.nanoTime();
            List<String> cmd = new ArrayList<>(List.of("java", "-jar", coordinator.toString(), "demo",
                    "--exit-when-done", "--http-port", "0", "--data-dir", dir.toString(), "--worker-jar",
                    worker.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true).redirectOutput(base.resolve("run-" + run + ".log").toFile()).start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                System.err.println("demo run " + run + " did not end; see " + base.resolve("run-" + run + ".log"));
                System.exit(1);
            }
            if (p.exitValue() != 0) {
                // the samples are in the store once the campaign ran; a failure after it (printing the summary) does
                // not change them, so compare anyway and say so
                System.err.println("demo run " + run + " exited with " + p.exitValue() + "; comparing what it stored;"
                        + " see " + base.resolve("run-" + run + ".log"));
            }
            System.err.printf(Locale.ROOT, "demo run %d: %.0f s%n", run, (System.nanoTime() - t0) / 1e9);
            runs.add(cells(dir.resolve("coordinator/fleetbench.duckdb")));
        }
        System.out.println("fleetbench demo " + String.join(" ", args) + " twice; load average before: " + load);
        print(runs.get(0), runs.get(1));
        System.exit(0);
    }

    /** The 1, 5 and 15 minute load averages (Linux), to print beside the figures; "unknown" elsewhere. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception notLinux) {
            return "unknown";
        }
    }

    private static void copyModels(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /**
     * Decode p50 and n per cell (worker × model × prompt), the worker named by its demo label, and per worker × model
     * over all its prompts (prompt "(all prompts)").
     */
    private static Map<String, double[]> cells(Path store) throws Exception {
        Map<String, double[]> out = new TreeMap<>();
        String sql = "SELECT json_extract_string(w.registration_json, '$.labels.\"demo-worker\"') AS worker, s.model,"
                + " coalesce(s.prompt_id, '(all prompts)'), quantile_cont(s.decode_tps, 0.5), count(s.decode_tps)"
                + " FROM samples s JOIN workers w ON w.worker_id = s.worker_id WHERE s.kind = 'measured'"
                + " AND s.status = 'ok' AND NOT s.set_aside GROUP BY GROUPING SETS ((worker, s.model, s.prompt_id), (worker, s.model))";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store.toAbsolutePath(),
                readOnly()); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put("worker-" + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3),
                        new double[] {rs.getDouble(4), rs.getLong(5)});
            }
        }
        return out;
    }

    private static java.util.Properties readOnly() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("duckdb.read_only", "true");
        return p;
    }

    private static void print(Map<String, double[]> a, Map<String, double[]> b) {
        System.out.printf(Locale.ROOT, "%n%-48s %16s %16s %8s%n", "cell (worker model prompt)", "run 1 p50",
                "run 2 p50", "diff");
        double worstCell = 0;
        double worstModel = 0;
        List<Double> cellDiffs = new ArrayList<>();
        for (var e : a.entrySet()) {
            double[] other = b.get(e.getKey());
            if (other == null) {
                System.out.printf(Locale.ROOT, "%-48s %16.1f %16s%n", e.getKey(), e.getValue()[0], "missing");
                continue;
            }
            double diff = 100 * (other[0] - e.getValue()[0]) / e.getValue()[0];
            if (e.getKey().endsWith("(all prompts)")) {
                worstModel = Math.max(worstModel, Math.abs(diff));
            } else {
                worstCell = Math.max(worstCell, Math.abs(diff));
                cellDiffs.add(Math.abs(diff));
            }
            System.out.printf(Locale.ROOT, "%-48s %8.1f (n=%3.0f) %8.1f (n=%3.0f) %+7.1f%%%n", e.getKey(),
                    e.getValue()[0], e.getValue()[1], other[0], other[1], diff);
        }
        double[] sorted = cellDiffs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length > 0) {
            System.out.printf(Locale.ROOT, "cells within 3 %%: %d of %d; median difference %.1f %%%n",
                    java.util.Arrays.stream(sorted).filter(d -> d <= 3).count(), sorted.length,
                    dev.fleetbench.common.stats.Summary.of(sorted).p50());
        }
        System.out.printf(Locale.ROOT, "largest difference of a cell's decode p50 between the runs: %.1f %% (target"
                + " ≤ 3 %%); of a worker × model over all prompts: %.1f %%; %d cores; load average after: %s%n",
                worstCell, worstModel, Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.println("decode p50 = median of (n_out - 1) / (t_last - t_first) over the cell's measured requests,"
                + " tok/s");
    }
}
