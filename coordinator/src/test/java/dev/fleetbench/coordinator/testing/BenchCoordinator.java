package dev.fleetbench.coordinator.testing;

import com.sun.management.OperatingSystemMXBean;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.wiring.CoordinatorRuntime;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import io.vertx.core.eventbus.EventBus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator JVM of the benchmarks: the real {@link CoordinatorRuntime} (store, clustered Vert.x as a full
 * Hazelcast member, coordinator verticle, REST API on a free port) plus two benchmark-only consumers on the same
 * Vert.x: {@link #ECHO}, the raw event-bus reference (answers every message with a two-character reply, decodes
 * nothing, stores nothing), and {@link #STATS} (heap after a full GC, CPU time, live threads). Prints
 * {@code READY <join host:port> <http url>}; stops when its standard input closes (the parent is gone).
 *
 * <p>Arguments: data directory, cluster name.
 */
public final class BenchCoordinator {

    /** Raw event-bus reference: replies {@code "ok"} to anything. Benchmark-only; not part of the protocol. */
    public static final String ECHO = "fleetbench.bench.echo";
    /** Replies a JSON object with the JVM's heap after a full GC, its CPU time and live threads. Test-only. */
    public static final String STATS = "fleetbench.bench.stats";

    private BenchCoordinator() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        String clusterName = args[1];
        CoordinatorConfig config = new CoordinatorConfig("127.0.0.1", 0,
                ClusterSettings.coordinator(clusterName, ClusterSettings.LOOPBACK, 0, List.of()), dataDir, null,
                CoordinatorSettings.DEFAULTS).withAutoApprove(true);
        CoordinatorRuntime runtime = CoordinatorRuntime.start(config, "bench");
        EventBus bus = runtime.vertx().eventBus();
        // Both registrations must reach the cluster before anyone sends to them.
        io.vertx.core.Future.all(bus.consumer(ECHO, m -> m.reply("ok")).completion(),
                bus.consumer(STATS, m -> runtime.vertx().executeBlocking(BenchCoordinator::stats).onSuccess(m::reply))
                        .completion()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runtime.close();
            } catch (Exception e) {
                System.err.println("bench coordinator: error while stopping: " + e);
            }
            stopped.countDown();
        }, "bench-coordinator-shutdown"));
        System.out.println("READY " + runtime.joinAddress() + " " + runtime.url());
        VirtualFleet.exitWhenParentGoes();
        stopped.await();
    }

    private static String stats() {
        System.gc();
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heap_used_after_gc", heap.getUsed());
        m.put("heap_committed", heap.getCommitted());
        m.put("heap_max", heap.getMax());
        m.put("cpu_nanos", os.getProcessCpuTime());
        m.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        // Live threads by name without its number ("vert.x-worker-thread-"), to say which kind grew.
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> kinds.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum));
        m.put("thread_kinds", kinds);
        return Json.write(m);
    }
}
