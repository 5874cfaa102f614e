package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.engine.foundry.testdouble.FoundryDouble;
import dev.fleetbench.worker.hardware.ProcessCommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds engines that find a {@link FoundryDouble} through its fake {@code foundry} on a private PATH. */
final class DoubleSupport {

    /** Every poll the engine made while waiting for a start, for assertions on patience. */
    static final List<Duration> POLLS = new CopyOnWriteArrayList<>();

    private DoubleSupport() {
    }

    static FoundryConfig config(FoundryDouble d, Duration startTimeout) {
        return new FoundryConfig(null, d.binDir() + ":" + "/nonexistent", null, startTimeout, Duration.ofMillis(100),
                600, Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60), false);
    }

    static FoundryEngine engine(FoundryDouble d) {
        return engine(config(d, Duration.ofSeconds(20)));
    }

    static FoundryEngine engine(FoundryConfig config) {
        return new FoundryEngine(config, new ProcessCommandRunner(), Fixtures::intelDesktop, t -> {
            POLLS.add(t);
            Thread.sleep(t.toMillis());
        });
    }

    static FoundryDouble started(FoundryDouble.Api api, FoundryDouble.Cli cli, Path dir) throws Exception {
        FoundryDouble d = FoundryDouble.create(api, cli, dir);
        d.startService();
        return d;
    }
}
