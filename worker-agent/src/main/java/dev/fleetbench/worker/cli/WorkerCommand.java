package dev.fleetbench.worker.cli;

import dev.fleetbench.common.bus.ClusterPorts;
import dev.fleetbench.common.bus.ClusterSecret;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.cli.SecurityOptions;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.worker.app.AgentVersion;
import dev.fleetbench.worker.app.Engines;
import dev.fleetbench.worker.app.LeaseRunner;
import dev.fleetbench.worker.app.MachineState;
import dev.fleetbench.worker.app.MeasuringTurn;
import dev.fleetbench.worker.app.WorkerIdentity;
import dev.fleetbench.worker.bus.AgentNode;
import dev.fleetbench.worker.bus.AgentSettings;
import dev.fleetbench.worker.engine.CachedModel;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.InferenceEngine;
import dev.fleetbench.worker.engine.embedded.EmbeddedEngine;
import dev.fleetbench.worker.hardware.HardwareProbe;
import dev.fleetbench.worker.hardware.MemoryBandwidthProbe;
import dev.fleetbench.worker.hardware.NpuRecheck;
import dev.fleetbench.worker.measure.FingerprintFactory;
import dev.fleetbench.worker.energy.EnergyMeters;
import dev.fleetbench.worker.energy.EnergySpan;
import dev.fleetbench.worker.measure.ModelMeasurement;
import dev.fleetbench.worker.measure.LinuxProcStats;
import dev.fleetbench.worker.measure.RequestRunner;
import dev.fleetbench.worker.measure.ResourceSampler;
import dev.fleetbench.worker.outbox.Outbox;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fleetbench worker}: joins the coordinator's cluster as a Hazelcast lite member and runs the work it leases
 * until stopped (Ctrl-C or SIGTERM leave the cluster cleanly). The worker's identity and outbox live in its data
 * directory.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Join a FleetBench coordinator and run the benchmark work it leases.",
            "Example: fleetbench worker --join 10.0.0.5:5801 --host 10.0.0.23 --engine foundry --label room=b12"},
        subcommands = {ServiceCommands.Install.class, ServiceCommands.Uninstall.class, ServiceCommands.Status.class})
final class WorkerCommand implements Callable<Integer> {

    @Mixin
    EngineOptions engineOptions;

    // Checked in call(), not by picocli: the service subcommands take the worker's options after their own name.
    @Option(names = "--join", split = ",",
            description = "Coordinator cluster address(es) host:port (its --cluster-port)")
    List<String> join;

    @Option(names = "--host", defaultValue = "${env:FLEETBENCH_HOST:-127.0.0.1}",
            description = "IPv4 address of the interface this worker binds and advertises; the coordinator connects"
                    + " back to it (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--cluster-port",
            description = "Hazelcast port this worker listens on; the coordinator connects to it (default "
                    + WorkerPorts.DEFAULT_CLUSTER_PORT + " on a network address, any free port on loopback; 0: any)")
    Integer clusterPort;

    @Option(names = "--bus-port",
            description = "Event-bus port this worker listens on; the coordinator connects to it (default "
                    + WorkerPorts.DEFAULT_BUS_PORT + " on a network address, any free port on loopback; 0: any)")
    Integer busPort;

    @Option(names = "--cluster-name", defaultValue = ClusterSettings.DEFAULT_CLUSTER,
            description = "Cluster name (default ${DEFAULT-VALUE})")
    String clusterName;

    @Option(names = "--multicast", description = "Join by multicast instead of the --join list")
    boolean multicast;

    @Option(names = "--label", description = "Label K=V for campaign selectors (room, owner); repeatable")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--outbox-limit", paramLabel = "SAMPLES", defaultValue = "${env:FLEETBENCH_OUTBOX_LIMIT:-"
            + Outbox.DEFAULT_MAX_SAMPLES + "}",
            description = "Samples the outbox keeps at most while the coordinator cannot take them; a full outbox stops"
                    + " measuring and says so in the heartbeat (default ${DEFAULT-VALUE}; env FLEETBENCH_OUTBOX_LIMIT)")
    int outboxLimit;

    @Mixin
    SecurityOptions security = new SecurityOptions();

    @Option(names = "--measure-in-turn-with", paramLabel = "FILE",
            description = "Measure only while holding a lock on FILE, so that worker agents sharing one machine"
                    + " measure one at a time (the demo's workers do)")
    java.nio.file.Path measureInTurnWith;

    @Option(names = "--hardware-profile", hidden = true,
            description = "Use this hardware profile (JSON, as `fleetbench hardware --json` prints) instead of probing:"
                    + " for simulated fleets and tests, never for real measurements")
    java.nio.file.Path hardwareProfile;

    @Override
    public Integer call() throws Exception {
        if ((join == null || join.isEmpty()) && !multicast) {
            throw new IllegalArgumentException("--join HOST:PORT is required (the coordinator's cluster address),"
                    + " or --multicast");
        }
        ClusterSettings cluster = cluster(System.getenv());
        cluster.security().warnings(host, "worker").forEach(w -> System.err.println("WARNING: " + w));
        for (String problem : new String[] {WorkerPorts.busy(host, cluster.hazelcastPort(), "--cluster-port"),
                WorkerPorts.busy(host, cluster.eventBusPort(), "--bus-port")}) {
            if (problem != null) {
                System.err.println("fleetbench worker: " + problem);
                return 2;
            }
        }
        String workerId = WorkerIdentity.load(engineOptions.dataDir());
        if (outboxLimit < 1) {
            throw new IllegalArgumentException("--outbox-limit must be at least 1 sample, got " + outboxLimit);
        }
        Outbox outbox = Outbox.open(engineOptions.dataDir().resolve("outbox"), outboxLimit);
        outbox.problems().forEach(p -> System.err.println("outbox: " + p));
        // what the worker registers with; a later NPU query may add to it (NpuRecheck), applied between leases
        AtomicReference<HardwareProfile> profile = new AtomicReference<>(hardwareProfile == null
                ? MemoryBandwidthProbe.addTo(HardwareProbe.system().probe()) // once, before any model loads
                : dev.fleetbench.common.json.Json.read(java.nio.file.Files.readString(hardwareProfile), HardwareProfile.class));
        InferenceEngine engine = Engines.create(engineOptions.settings(), profile::get);
        MachineState machine = new MachineState();
        ResourceSampler sampler = new ResourceSampler(LinuxProcStats.forThisMachine(), System::nanoTime, Duration.ofMillis(100));
        // power is read live for every sample; a profile given as a file stands for a simulated machine and keeps its own
        ModelMeasurement measurement = new ModelMeasurement(new RequestRunner(System::nanoTime, Clock.systemUTC(),
                () -> UUID.randomUUID().toString(), hardwareProfile == null ? machine::power : null), sampler,
                System::nanoTime, ProcessHandle.current().pid(),
                // an emulated profile stands for another machine, whose energy this one's counters do not measure
                hardwareProfile == null ? EnergyMeters.system() : EnergyMeters.none(), ModelMeasurement.IDLE_WINDOW,
                EnergySpan.Sleeper.SYSTEM);
        LeaseRunner runner = new LeaseRunner(engine, measurement,
                new FingerprintFactory(profile::get, engine.info(), AgentVersion.get(),
                        hardwareProfile == null ? System.getProperty("os.arch") : null), workerId,
                measureInTurnWith == null ? null : MeasuringTurn.sharedThrough(measureInTurnWith));
        AtomicReference<List<ModelVariant>> lastCatalog = new AtomicReference<>(List.of());
        ClusterSecret secret = cluster.security().secret();
        SecureRandom random = new SecureRandom();
        AgentNode node = new AgentNode(cluster, workerId, () -> {
            RegisterRequest r = registration(workerId, profile.get(), engine, lastCatalog);
            // A fresh proof for every registration: the coordinator accepts each nonce once, within minutes.
            return secret == null ? r : r.withProof(secret.prove(clusterName, workerId, Instant.now(), nonce(random)));
        }, outbox, runner, machine, AgentSettings.DEFAULTS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "fleetbench-worker-shutdown"));
        if (cluster.hazelcastPort() != 0 && cluster.eventBusPort() != 0) {
            // before joining: when a firewall blocks these, registration never completes, and this line says why
            System.err.println("fleetbench worker: listening on " + host + " ports " + cluster.hazelcastPort()
                    + " (cluster) and " + cluster.eventBusPort() + " (event bus); the coordinator must reach both");
        }
        if (hardwareProfile == null && NpuRecheck.startIfTimedOut(profile.get(), NpuRecheck.Scheduler.daemon(),
                found -> node.changeRegistrationWhenIdle(() -> profile.set(found)),
                line -> System.err.println("fleetbench worker: " + line))) {
            System.err.println("fleetbench worker: the NPU query timed out; asking again in "
                    + NpuRecheck.DELAYS.get(0).toMinutes() + " min (the class may change when it answers)");
        }
        try {
            node.start().get();
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("fleetbench worker: " + e.getCause().getMessage());
            return 3;
        }
        ClusterPorts ports = node.boundPorts();
        System.err.println("fleetbench worker " + workerId + " (" + engine.info().kind() + ") joined "
                + String.join(",", join) + " from " + host + (ports == null ? "" : " ports " + ports.hazelcast()
                + " (cluster) and " + ports.eventBus() + " (event bus)") + "; data in " + engineOptions.dataDir());
        stopped.await();
        return 0;
    }

    /** How this worker joins, from its options and the environment (secrets come only from files or variables). */
    ClusterSettings cluster(Map<String, String> env) {
        WorkerPorts.checkHost(host);
        return ClusterSettings.worker(clusterName, host, join).withMulticast(multicast)
                .withHazelcastPort(WorkerPorts.resolve(clusterPort, WorkerPorts.DEFAULT_CLUSTER_PORT, host))
                .withEventBusPort(WorkerPorts.resolve(busPort, WorkerPorts.DEFAULT_BUS_PORT, host))
                .withSecurity(security.security(env));
    }

    private static String nonce(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The registration as of now; falls back to the last good catalog when the engine is busy or failing. */
    private RegisterRequest registration(String workerId, HardwareProfile profile, InferenceEngine engine,
                                         AtomicReference<List<ModelVariant>> lastCatalog) {
        List<String> cached = new ArrayList<>();
        try {
            lastCatalog.set(engine.catalog());
            if (lastCatalog.get().isEmpty() && engine instanceof EmbeddedEngine embedded) {
                embedded.catalogProblems().forEach(p -> System.err.println("fleetbench worker: " + p));
            }
            engine.cached().stream().map(CachedModel::id).forEach(cached::add);
        } catch (EngineException e) {
            System.err.println("fleetbench worker: engine catalog unavailable (" + e.getMessage() + ")");
        }
        return new RegisterRequest(Protocol.VERSION, workerId, AgentVersion.get(), profile,
                new EngineDescriptor(engine.info().kind(), engine.info().version()), lastCatalog.get(), cached, labels);
    }
}
