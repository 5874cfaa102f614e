package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.foundry.testdouble.FoundryDouble;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery through the fake {@code foundry} on PATH (spec §2.4): running, stopped then started, slow start, too
 * slow, port changed between two calls, legacy vs current CLI, G1/G2/G3 probing, no CLI, explicit endpoint.
 */
@DisabledOnOs(OS.WINDOWS)
class DiscoveryTest {

    @TempDir
    Path dir;

    @Test
    void runningLegacyService() throws Exception {
        try (FoundryDouble d = DoubleSupport.started(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY, dir);
             FoundryEngine engine = DoubleSupport.engine(d)) {
            assertThat(engine.generation()).isEqualTo(Generation.G1);
            assertThat(engine.info().endpoint()).isEqualTo(d.baseUrl());
            assertThat(engine.info().version()).isEqualTo("Foundry Local CLI 0.8.119+9b4be4ed38 (legacy service)");
            assertThat(d.cliCalls()).first().isEqualTo("service status");
            assertThat(d.starts()).isEqualTo(1);
        }
    }

    @Test
    void stoppedServiceIsStartedAndPolled() throws Exception {
        try (FoundryDouble d = FoundryDouble.create(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY, dir);
             FoundryEngine engine = DoubleSupport.engine(d)) {
            assertThat(d.running()).isFalse();
            assertThat(engine.catalog()).isNotEmpty();
            assertThat(d.running()).isTrue();
            assertThat(d.cliCalls()).contains("service start");
            assertThat(engine.drainEvents()).anyMatch(e -> e.contains("found at " + d.baseUrl()));
        }
    }

    @Test
    void slowStartIsWaitedForBeyondTheSdksOneSecond() throws Exception {
        try (FoundryDouble d = FoundryDouble.create(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY, dir)) {
            d.startDelay(Duration.ofMillis(1500));
            DoubleSupport.POLLS.clear();
            try (FoundryEngine engine = DoubleSupport.engine(d)) {
                long t0 = System.nanoTime();
                assertThat(engine.generation()).isEqualTo(Generation.G1);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(1400));
                assertThat(DoubleSupport.POLLS).hasSizeGreaterThan(5).allMatch(p -> p.equals(Duration.ofMillis(100)));
            }
        }
    }

    @Test
    void aServiceThatDoesNotComeUpInTimeIsAClearFailure() throws Exception {
        try (FoundryDouble d = FoundryDouble.create(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY, dir)) {
            d.startDelay(Duration.ofSeconds(3));
            try (FoundryEngine engine = DoubleSupport.engine(DoubleSupport.config(d, Duration.ofMillis(600)))) {
                EngineException e = catchThrowableOfType(EngineException.class, engine::catalog);
                assertThat(e.code()).isEqualTo(FailureCode.ENGINE_UNAVAILABLE);
                assertThat(e.getMessage()).contains("did not come up within 0 s").contains("foundry service start")
                        .contains("not running");
                assertThat(engine.info().version()).isNull();
            }
        }
    }

    @Test
    void portChangedBetweenTwoCallsIsRediscovered() throws Exception {
        try (FoundryDouble d = DoubleSupport.started(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY, dir);
             FoundryEngine engine = DoubleSupport.engine(d)) {
            assertThat(engine.loaded()).isEmpty();
            int first = d.port();
            d.restartOnNewPort();
            assertThat(d.port()).isNotEqualTo(first);
            assertThat(engine.catalog()).isNotEmpty();
            assertThat(engine.info().endpoint()).isEqualTo(d.baseUrl());
            assertThat(d.starts()).isEqualTo(2); // rediscovered, not restarted
            assertThat(engine.drainEvents()).anyMatch(e -> e.contains("stopped answering at http://127.0.0.1:" + first))
                    .anyMatch(e -> e.contains("now at " + d.baseUrl()));
        }
    }

    @Test
    void currentCliWithRuntime2() throws Exception {
        try (FoundryDouble d = DoubleSupport.started(FoundryDouble.Api.G3, FoundryDouble.Cli.CURRENT, dir);
             FoundryEngine engine = DoubleSupport.engine(d)) {
            assertThat(engine.generation()).isEqualTo(Generation.G3);
            assertThat(d.cliCalls()).startsWith("service status", "server status");
            assertThat(engine.engineProcessId()).hasValue(ProcessHandle.current().pid());
            assertThat(engine.info().version()).contains("CLI 0.10.3").contains("runtime 2.x");
        }
    }

    @Test
    void currentCliStoppedCore1IsStartedWithServerStart() throws Exception {
        try (FoundryDouble d = FoundryDouble.create(FoundryDouble.Api.G2, FoundryDouble.Cli.CURRENT, dir);
             FoundryEngine engine = DoubleSupport.engine(d)) {
            assertThat(engine.generation()).isEqualTo(Generation.G2);
            assertThat(d.cliCalls()).contains("server start").doesNotContain("service start");
        }
    }

    @Test
    void noFoundryOnPathIsAClearFailure() throws Exception {
        FoundryConfig config = new FoundryConfig(null, dir.toString(), null, Duration.ofSeconds(1),
                Duration.ofMillis(100), 600, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), false);
        try (FoundryEngine engine = DoubleSupport.engine(config)) {
            EngineException e = catchThrowableOfType(EngineException.class, engine::catalog);
            assertThat(e.code()).isEqualTo(FailureCode.ENGINE_UNAVAILABLE);
            assertThat(e.getMessage()).contains("not installed or not on PATH").contains(FoundryConfig.CLI_ENV);
        }
    }

    @Test
    void explicitEndpointWinsOverTheCli() throws Exception {
        try (FoundryDouble d = DoubleSupport.started(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY, dir)) {
            FoundryConfig config = new FoundryConfig(null, null, d.baseUrl() + "/openai/status", Duration.ofSeconds(1),
                    Duration.ofMillis(100), 600, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), false);
            try (FoundryEngine engine = DoubleSupport.engine(config)) {
                assertThat(engine.catalog()).isNotEmpty();
                assertThat(d.cliCalls()).isEmpty();
                d.stopService();
                EngineException e = catchThrowableOfType(EngineException.class, engine::loaded);
                assertThat(e.code()).isEqualTo(FailureCode.ENGINE_UNAVAILABLE);
                assertThat(e.getMessage()).contains("configured endpoint");
            }
        }
    }
}
