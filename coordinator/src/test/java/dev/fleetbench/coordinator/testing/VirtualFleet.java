package dev.fleetbench.coordinator.testing;

import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.bus.Clustering;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.app.AgentVersion;
import dev.fleetbench.worker.app.LeaseRunner;
import dev.fleetbench.worker.app.MachineState;
import dev.fleetbench.worker.app.WorkerIdentity;
import dev.fleetbench.worker.bus.AgentSettings;
import dev.fleetbench.worker.bus.AgentVerticle;
import dev.fleetbench.worker.engine.simulated.SimulatedEngine;
import dev.fleetbench.worker.measure.FingerprintFactory;
import dev.fleetbench.worker.measure.ModelMeasurement;
import dev.fleetbench.worker.measure.RequestRunner;
import dev.fleetbench.worker.measure.ResourceSampler;
import dev.fleetbench.worker.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JVM of virtual workers for the fleet benchmark and the churn soak: one clustered Vert.x (one Hazelcast lite
 * member) with many real worker agents deployed on it ({@link AgentVerticle#standalone}), each with its own data
 * directory (identity and outbox) and lease runner, all driving the {@link SimulatedEngine}. What is left out of a
 * real agent, because it measures the machine and not the coordinator: resource sampling (a source that reads
 * nothing) and one lab-gating probe per agent (one {@link MachineState} per JVM).
 *
 * <p>Every agent registers at once (a registration burst); prints {@code READY <agents> <failed registrations>
 * <ms>}, and fails when a registration was refused or timed out. Then it takes commands on standard input, each
 * answered by one line: {@code leave N} undeploys agent N, which leaves gracefully ({@code LEFT N}); {@code join N}
 * deploys agent N again, or a new agent with a new data directory ({@code JOINED N} or {@code JOIN_FAILED N why}).
 * Prints {@code LOST <n>} whenever an agent stops for lack of answers from the coordinator, and exits when its
 * standard input closes (the parent is gone). Killed and started again with the same data directory, each agent is
 * the same worker and sends what its outbox kept.
 *
 * <p>Arguments: join host:port, cluster name, agents, id prefix, data directory, model ids (comma-separated, each
 * optionally {@code id:tokenMs}), and optionally the delay before the first token in ms (default 0) and the agents
 * not to deploy at start (comma-separated indices, those that had left).
 */
public final class VirtualFleet {

    private final Vertx vertx;
    private final Path dataDir;
    private final String prefix;
    private final List<String> models;
    private final double ttftMs;
    private final MachineState machine = new MachineState();
    private final ResourceSampler sampler = new ResourceSampler(pid -> Optional.empty(), System::nanoTime,
            Duration.ofSeconds(1));
    private final AtomicInteger lost = new AtomicInteger();
    /** Per agent index: its outbox and runner (kept across leave and join) and its deployment while deployed. */
    private final Map<Integer, Agent> agents = new ConcurrentHashMap<>();

    private record Agent(String workerId, Outbox outbox, LeaseRunner runner, RegisterRequest registration,
                         String deployment) {
        Agent deployed(String id) {
            return new Agent(workerId, outbox, runner, registration, id);
        }
    }

    private VirtualFleet(Vertx vertx, Path dataDir, String prefix, List<String> models, double ttftMs) {
        this.vertx = vertx;
        this.dataDir = dataDir;
        this.prefix = prefix;
        this.models = models;
        this.ttftMs = ttftMs;
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String join = args[0];
        String clusterName = args[1];
        int count = Integer.parseInt(args[2]);
        double ttftMs = args.length > 6 ? Double.parseDouble(args[6]) : 0;
        Set<Integer> absent = new HashSet<>();
        if (args.length > 7 && !args[7].isBlank()) {
            Arrays.stream(args[7].split(",")).map(Integer::valueOf).forEach(absent::add);
        }
        Vertx vertx = Clustering.start(ClusterSettings.worker(clusterName, ClusterSettings.LOOPBACK, List.of(join)))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        VirtualFleet fleet = new VirtualFleet(vertx, Path.of(args[4]), args[3], Arrays.asList(args[5].split(",")),
                ttftMs);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                // leaving is best effort
            }
            stopped.countDown();
        }, "virtual-fleet-shutdown"));

        // All at once: the coordinator must take a burst of registrations (it group-commits their rows).
        long t0 = System.nanoTime();
        List<Integer> starting = new ArrayList<>();
        List<Future<String>> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!absent.contains(i)) {
                starting.add(i);
                started.add(fleet.deploy(i));
            }
        }
        Future.join(started).toCompletionStage().toCompletableFuture().exceptionally(e -> null).get(120, TimeUnit.SECONDS);
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < started.size(); k++) {
            if (started.get(k).failed()) {
                failures.add("agent " + starting.get(k) + ": " + started.get(k).cause());
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " of " + started.size()
                    + " agent registrations failed, e.g. " + failures.get(0));
        }
        System.out.printf(Locale.ROOT, "READY %d %d %d%n", started.size(), failures.size(),
                (System.nanoTime() - t0) / 1_000_000);
        Thread commands = new Thread(() -> fleet.commands(), "virtual-fleet-commands");
        commands.setDaemon(true);
        commands.start();
        stopped.await();
    }

    /** Deploys agent {@code i} (made on first use: data directory, identity, outbox); completes once registered. */
    private Future<String> deploy(int i) {
        Agent a;
        try {
            a = agents.computeIfAbsent(i, k -> create(k));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        AgentVerticle verticle = AgentVerticle.standalone(a.workerId(), a::registration, a.outbox(), a.runner(),
                machine, AgentSettings.DEFAULTS, () -> System.out.println("LOST " + lost.incrementAndGet()));
        return vertx.deployVerticle(verticle).onSuccess(id -> agents.put(i, a.deployed(id)));
    }

    private Agent create(int i) {
        try {
            Path dir = dataDir.resolve(String.format(Locale.ROOT, "%s%04d", prefix, i));
            String workerId = WorkerIdentity.load(dir);
            Outbox outbox = Outbox.open(dir.resolve("outbox"));
            SimulatedEngine engine = new SimulatedEngine(models, ttftMs, 0);
            HardwareProfile hw = machine(workerId);
            ModelMeasurement measurement = new ModelMeasurement(new RequestRunner(System::nanoTime, Clock.systemUTC(),
                    () -> UUID.randomUUID().toString()), sampler, System::nanoTime, ProcessHandle.current().pid());
            LeaseRunner runner = new LeaseRunner(engine, measurement,
                    new FingerprintFactory(hw, engine.info(), AgentVersion.get()), workerId);
            RegisterRequest registration = new RegisterRequest(Protocol.VERSION, workerId, AgentVersion.get(), hw,
                    new EngineDescriptor(engine.info().kind(), engine.info().version()), engine.catalog(),
                    engine.catalog().stream().map(ModelVariant::id).toList(), Map.of("site", "bench", "jvm", prefix));
            return new Agent(workerId, outbox, runner, registration, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads {@code leave N} and {@code join N} until standard input closes, then exits (shutdown hook leaves). */
    private void commands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] cmd = line.trim().split(" ");
                if (cmd.length != 2) {
                    continue;
                }
                int i = Integer.parseInt(cmd[1]);
                if (cmd[0].equals("leave")) {
                    Agent a = agents.get(i);
                    Future<Void> left = a == null || a.deployment() == null ? Future.succeededFuture()
                            : vertx.undeploy(a.deployment());
                    left.onComplete(ar -> {
                        agents.computeIfPresent(i, (k, x) -> x.deployed(null));
                        System.out.println("LEFT " + i);
                    });
                } else if (cmd[0].equals("join")) {
                    deploy(i).onComplete(ar -> System.out.println(ar.succeeded() ? "JOINED " + i
                            : "JOIN_FAILED " + i + " " + ar.cause()));
                }
            }
        } catch (IOException | RuntimeException e) {
            e.printStackTrace(System.out);
        }
        System.exit(0);
    }

    /** Exits this JVM when its standard input closes: the parent that started it is gone. */
    static void exitWhenParentGoes() {
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing to read; waiting for the end
                }
            } catch (IOException e) {
                // the pipe broke: the parent is gone as well
            }
            System.exit(0);
        }, "exit-with-parent");
        t.setDaemon(true);
        t.start();
    }

    /** A CPU-only desktop with this worker's own machine id and host name. */
    private static HardwareProfile machine(String workerId) {
        HardwareProfile p = Fixtures.intelDesktop();
        return new HardwareProfile("m-" + workerId, "lab-" + workerId, p.os(), p.cpu(),
                new MemoryInfo(p.memory().totalBytes(), p.memory().availableBytes()), p.gpus(), p.npus(), p.power(),
                p.notes());
    }
}
