package dev.fleetbench.coordinator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts worker agents as separate JVMs (the demo's local fleet): each with its own data directory (so its own
 * identity and outbox), its own log file, joined to the coordinator's cluster. Stops them with SIGTERM, then kills
 * what does not exit.
 */
final class WorkerProcesses implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();

    /**
     * @param launch how to run the worker main: {@code ["-jar", "/path/fleetbench-worker.jar"]} or
     *               {@code ["-cp", classpath, "dev.fleetbench.worker.cli.WorkerMain"]}
     */
    /** Workers' output goes to this console (--verbose) instead of their worker.log files. */
    private boolean live;

    WorkerProcesses live(boolean on) {
        this.live = on;
        return this;
    }

    Process start(List<String> launch, String join, Path dataDir, List<String> extraArgs) throws IOException {
        return start(List.of(), launch, join, dataDir, extraArgs);
    }

    /** As {@link #start(List, String, Path, List)}, the command run through {@code prefix} (e.g. {@code taskset -c 0}). */
    Process start(List<String> prefix, List<String> launch, String join, Path dataDir, List<String> extraArgs)
            throws IOException {
        Files.createDirectories(dataDir);
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(launch);
        cmd.addAll(List.of("worker", "--join", join, "--data-dir", dataDir.toString()));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(live ? ProcessBuilder.Redirect.INHERIT
                        : ProcessBuilder.Redirect.to(dataDir.resolve("worker.log").toFile()));
        // The demo's coordinator runs on loopback without cluster secret or TLS: a secret or keystore meant for a real
        // fleet, left in this shell's environment, would put its workers in another cluster.
        pb.environment().keySet().removeIf(k -> k.startsWith("FLEETBENCH_CLUSTER_SECRET")
                || k.startsWith("FLEETBENCH_TLS_"));
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** The worker main of a built checkout: the jar named by FLEETBENCH_WORKER_JAR, else the one beside this jar. */
    static List<String> launchFromJar(Path explicit) {
        Path jar = explicit;
        if (jar == null && System.getenv("FLEETBENCH_WORKER_JAR") != null) {
            jar = Path.of(System.getenv("FLEETBENCH_WORKER_JAR"));
        }
        if (jar == null) {
            try {
                Path self = Path.of(WorkerProcesses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                jar = self.getParent().resolve("../../worker-agent/target/fleetbench-worker.jar").normalize();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException("cannot locate the worker jar", e);
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("worker jar not found at " + jar
                    + "; build it with ./mvnw -DskipTests package or pass --worker-jar");
        }
        return List.of("-jar", jar.toString());
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
