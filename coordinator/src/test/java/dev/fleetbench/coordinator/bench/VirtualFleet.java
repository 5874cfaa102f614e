package dev.fleetbench.coordinator.bench;

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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A JVM of virtual workers for {@link FleetBenchmark}: one clustered Vert.x (one Hazelcast lite member) with many
 * real worker agents deployed on it ({@link AgentVerticle#standalone}), each with its own identity, outbox and lease
 * runner, all driving the zero-cost {@link SimulatedEngine} (no delay before or between tokens). What is left out of
 * a real agent, because it measures the machine and not the coordinator: resource sampling (a source that reads
 * nothing) and one lab-gating probe per agent (one {@link MachineState} per JVM). Prints {@code READY <agents>} once
 * every agent has registered, and {@code LOST <n>} whenever an agent stops for lack of answers from the coordinator.
 *
 * <p>Arguments: join host:port, cluster name, agents, id prefix, data directory, model ids (comma-separated).
 */
public final class VirtualFleet {

    private VirtualFleet() {
    }

    /** Agents registered at once: a thousand registrations in the same second would queue at the coordinator's store. */
    private static final int GROUP = 10;

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
        int agents = Integer.parseInt(args[2]);
        String prefix = args[3];
        Path dataDir = Path.of(args[4]);
        List<String> models = Arrays.asList(args[5].split(","));

        Vertx vertx = Clustering.start(ClusterSettings.worker(clusterName, ClusterSettings.LOOPBACK, List.of(join)))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        MachineState machine = new MachineState();
        ResourceSampler sampler = new ResourceSampler(pid -> Optional.empty(), System::nanoTime, Duration.ofSeconds(1));
        long pid = ProcessHandle.current().pid();
        AtomicInteger lost = new AtomicInteger();
        List<Supplier<Future<String>>> deployments = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            Path dir = dataDir.resolve(String.format(Locale.ROOT, "%s%04d", prefix, i));
            String workerId = WorkerIdentity.load(dir);
            Outbox outbox = Outbox.open(dir.resolve("outbox"));
            SimulatedEngine engine = new SimulatedEngine(models, 0, 0);
            HardwareProfile hw = machine(workerId);
            ModelMeasurement measurement = new ModelMeasurement(new RequestRunner(System::nanoTime, Clock.systemUTC(),
                    () -> UUID.randomUUID().toString()), sampler, System::nanoTime, pid);
            LeaseRunner runner = new LeaseRunner(engine, measurement,
                    new FingerprintFactory(hw, engine.info(), AgentVersion.get()), workerId);
            RegisterRequest registration = new RegisterRequest(Protocol.VERSION, workerId, AgentVersion.get(), hw,
                    new EngineDescriptor(engine.info().kind(), engine.info().version()), engine.catalog(),
                    engine.catalog().stream().map(ModelVariant::id).toList(), Map.of("site", "bench", "jvm", prefix));
            deployments.add(() -> vertx.deployVerticle(AgentVerticle.standalone(workerId, () -> registration, outbox,
                    runner, machine, AgentSettings.DEFAULTS, () -> System.out.println("LOST " + lost.incrementAndGet()))));
        }
        // In groups; an agent whose registration timed out is deployed again, as a real agent joins again.
        for (int from = 0; from < agents; from += GROUP) {
            List<Supplier<Future<String>>> group = deployments.subList(from, Math.min(agents, from + GROUP));
            for (int attempt = 1; !group.isEmpty(); attempt++) {
                List<Future<String>> started = group.stream().map(Supplier::get).toList();
                Future.join(started).toCompletionStage().toCompletableFuture().exceptionally(e -> null)
                        .get(60, TimeUnit.SECONDS);
                List<Supplier<Future<String>>> failed = new ArrayList<>();
                for (int i = 0; i < group.size(); i++) {
                    if (started.get(i).failed()) {
                        failed.add(group.get(i));
                        if (attempt == 5) {
                            throw new IllegalStateException("an agent could not register", started.get(i).cause());
                        }
                    }
                }
                if (!failed.isEmpty()) {
                    System.out.println(failed.size() + " agent registrations failed (" + started.stream()
                            .filter(Future::failed).findFirst().orElseThrow().cause() + "); again in 1 s");
                    Thread.sleep(1000);
                }
                group = failed;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                // leaving is best effort
            }
            stopped.countDown();
        }, "virtual-fleet-shutdown"));
        System.out.println("READY " + agents);
        stopped.await();
    }

    /** A CPU-only desktop with this worker's own machine id and host name. */
    private static HardwareProfile machine(String workerId) {
        HardwareProfile p = Fixtures.intelDesktop();
        return new HardwareProfile("m-" + workerId, "lab-" + workerId, p.os(), p.cpu(),
                new MemoryInfo(p.memory().totalBytes(), p.memory().availableBytes()), p.gpus(), p.npus(), p.power(),
                p.notes());
    }
}
