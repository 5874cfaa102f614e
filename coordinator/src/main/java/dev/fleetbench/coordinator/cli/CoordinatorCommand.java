package dev.fleetbench.coordinator.cli;

import dev.fleetbench.common.bus.ClusterSecurity;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.app.CoordinatorRuntime;
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
        System.out.println("results in " + config.storeDescription());
        stopped.await();
        return 0;
    }
}
