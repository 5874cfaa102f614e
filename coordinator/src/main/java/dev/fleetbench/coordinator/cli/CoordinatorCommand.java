package dev.fleetbench.coordinator.cli;

import dev.fleetbench.common.bus.ClusterPorts;
import dev.fleetbench.common.bus.ClusterSecurity;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.bus.Clustering;
import dev.fleetbench.common.bus.ListenPorts;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.wiring.CoordinatorRuntime;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fleetbench coordinator}: runs the coordinator until stopped (Ctrl-C / SIGTERM leave cleanly). */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Run the coordinator: fleet, campaigns, result store, REST API and web UI.")
final class CoordinatorCommand implements Callable<Integer> {

    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws Exception {
        CoordinatorConfig config = options.config();
        config.securityWarnings().forEach(w -> System.err.println("WARNING: " + w));
        ClusterSettings cluster = config.cluster();
        for (String problem : new String[] {
            ListenPorts.busy(cluster.host(), cluster.hazelcastPort(), "--cluster-port", "another coordinator"),
            ListenPorts.busy(cluster.host(), cluster.eventBusPort(), "--bus-port", "another coordinator")}) {
            if (problem != null) {
                System.err.println("fleetbench coordinator: " + problem);
                return 2;
            }
        }
        CoordinatorRuntime runtime = CoordinatorRuntime.start(config, CoordinatorMain.version());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runtime.close();
            } catch (Exception e) {
                System.err.println("fleetbench coordinator: error while stopping: " + e.getMessage());
            }
            stopped.countDown();
        }, "fleetbench-coordinator-shutdown"));
        System.out.println("FleetBench coordinator " + CoordinatorMain.version() + " serving " + runtime.url()
                + " as " + runtime.role().wire() + "; workers join with: ./fleetbench worker --join "
                + runtime.joinAddress() + (config.cluster().security().equals(ClusterSecurity.NONE) ? ""
                        : " and the same cluster secret and TLS options"));
        System.out.println(portsLine(cluster.host(), Clustering.boundPorts(runtime.vertx())));
        System.out.println("results in " + config.storeDescription());
        stopped.await();
        return 0;
    }

    /**
     * The ports every worker connects to, printed at start: a firewall on this host (Windows Defender Firewall blocks
     * inbound connections by default) must let both in from the workers' addresses.
     */
    static String portsLine(String host, ClusterPorts ports) {
        return "listening on " + host + " ports " + ports.hazelcast() + " (cluster) and " + ports.eventBus()
                + " (event bus); every worker connects to both";
    }
}
