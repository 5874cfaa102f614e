package dev.fleetbench.coordinator.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JVM started from the caller's own classpath (a benchmark run through the Maven profile, or a test under
 * surefire: both have the real {@code java.class.path}). Its output goes to a log file; it says it is ready with a
 * line starting {@code READY }, and its other upper-case replies ({@code JOINED 3}, {@code LEFT 3}) are kept for
 * {@link #replies()}. Lines written with {@link #send} reach its standard input. {@link #close()} asks it to stop
 * (SIGTERM, its shutdown hooks run) and kills it if it lingers; {@link #kill()} is SIGKILL.
 */
public final class ChildJvm implements AutoCloseable {

    /** Hazelcast reads JDK internals for speed and warns without these (the fat jars' manifests carry the same). */
    public static final List<String> OPENS = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED", "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED");

    private final String name;
    private final Process process;
    private final Path log;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private static final Pattern REPLY = Pattern.compile("[A-Z_]+ .*");

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ChildJvm start(String name, Path log, List<String> jvmOptions, Class<?> main, List<String> args)
            throws IOException {
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(OPENS);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ChildJvm jvm = new ChildJvm(name, p, log);
        Thread pump = new Thread(jvm::pump, "bench-log-" + name);
        pump.setDaemon(true);
        pump.start();
        return jvm;
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.println(line);
                if (line.startsWith("READY ")) {
                    ready.complete(line.substring(6).trim());
                } else if (REPLY.matcher(line).matches()) {
                    replies.add(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        ready.completeExceptionally(new IllegalStateException(name + " exited before it was ready; see " + log));
    }

    /** The text after {@code READY } once the JVM printed it; fails with the log's path when it does not in time. */
    public String awaitReady(Duration max) throws Exception {
        try {
            return ready.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " not ready after " + max.toSeconds() + " s; see " + log, e);
        }
    }

    /** True once it said READY. */
    public boolean ready() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    /** The upper-case replies it printed since the last call, oldest first ({@code JOINED 3}). */
    public List<String> replies() {
        List<String> out = new ArrayList<>();
        replies.drainTo(out);
        return out;
    }

    /** Writes a line to its standard input (a command to a {@link VirtualFleet}). */
    public void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** SIGKILL: no shutdown hook runs, nothing says goodbye to the cluster. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** CPU time (user + system, all threads) the process used so far, from the OS (/proc/&lt;pid&gt;/stat on Linux). */
    public Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * CPU time so far per kind of thread (store writer, event loops, Hazelcast, JIT compiler, GC, other), from
     * /proc/&lt;pid&gt;/task/*&#47;stat; empty where there is no /proc. Threads that ended are not counted.
     */
    public Map<String, Duration> threadCpu() {
        Map<String, Duration> out = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (Stream<Path> all = Files.list(tasks)) {
            for (Path t : all.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                    out.merge(kind(name), Duration.ofMillis(ticks * 1000 / CLOCK_TICKS), Duration::plus);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Linux's USER_HZ, the unit of /proc CPU times (100 on every mainstream kernel). */
    private static final long CLOCK_TICKS = 100;

    /** Thread names as the kernel keeps them (the first 15 characters of the Java name). */
    private static String kind(String name) {
        if (name.startsWith("fleetbench-stor")) {
            return "store writer and readers";
        } else if (name.startsWith("vert.x-eventloo")) {
            return "event loops";
        } else if (name.startsWith("vert.x-")) {
            return "other Vert.x threads";
        } else if (name.startsWith("hz.")) {
            return "Hazelcast";
        } else if (name.contains("CompilerThre")) {
            return "JIT compiler";
        } else if (name.startsWith("G1 ") || name.startsWith("GC ") || name.contains("GC Thread")) {
            return "garbage collector";
        }
        return "other";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
