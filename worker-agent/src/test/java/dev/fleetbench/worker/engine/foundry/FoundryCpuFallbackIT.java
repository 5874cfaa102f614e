package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeasePrompt;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.app.LeaseRunner;
import dev.fleetbench.worker.engine.foundry.testdouble.FoundryDouble;
import dev.fleetbench.worker.measure.FingerprintFactory;
import dev.fleetbench.worker.measure.ModelMeasurement;
import dev.fleetbench.worker.measure.LinuxProcStats;
import dev.fleetbench.worker.measure.PlanListener;
import dev.fleetbench.worker.measure.RequestRunner;
import dev.fleetbench.worker.measure.ResourceSampler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device truth on every sample: the device and EP that ran next to those asked for, the engine process's CPU use
 * while each request decoded (really read from the process, here the JVM that hosts the double), and the "suspected
 * CPU fallback" verdict: a scripted NPU variant whose decode burns the CPU as the CPU variant's does is flagged, one
 * that leaves the CPU idle is not.
 */
@DisabledOnOs(OS.WINDOWS)
class FoundryCpuFallbackIT {

    static final String CPU = "Phi-4-mini-instruct-generic-cpu:4";
    static final String NPU = "Phi-4-mini-instruct-vitis-npu:2";

    @TempDir
    Path dir;

    @Test
    void anNpuVariantThatDecodesLikeTheCpuVariantIsFlaggedAndAnIdleOneIsNot() throws Exception {
        try (FoundryDouble d = DoubleSupport.started(FoundryDouble.Api.G3, FoundryDouble.Cli.CURRENT, dir);
             FoundryEngine engine = DoubleSupport.engine(d);
             ResourceSampler sampler = new ResourceSampler(LinuxProcStats.forThisMachine(), System::nanoTime, Duration.ofMillis(100))) {
            // 40 ms per token: long enough that the double's and the client's own per-token work (about a
            // millisecond, in the same JVM as the "engine") stays small next to it
            d.quirks.tokenDelayMs = 40;                                        // an accelerator: the CPU waits
            d.quirks.busyMsPerToken.put(CPU.toLowerCase(Locale.ROOT), 40L);    // the CPU variant computes instead
            ModelMeasurement m = new ModelMeasurement(new RequestRunner(System::nanoTime, Clock.systemUTC(),
                    () -> UUID.randomUUID().toString()), sampler, System::nanoTime, ProcessHandle.current().pid());
            try (LeaseRunner runner = new LeaseRunner(engine, m, new FingerprintFactory(Fixtures.intelDesktop(),
                    engine.info(), "test"), "w-1")) {
                d.markCached(CPU); // the CPU variant first: on 2.x an alias loads its first cached variant
                List<Sample> cpu = lease(runner, engine.resolve("phi-4-mini", DeviceType.CPU), "l-cpu");
                assertThat(cpu).allSatisfy(s -> {
                    assertThat(s.deviceTruth().deviceRan()).isEqualTo(DeviceType.CPU);
                    assertThat(s.deviceTruth().executionProviderRan()).isEqualTo("CPUExecutionProvider");
                    assertThat(s.deviceTruth().source()).contains("confirmed loaded");
                    assertThat(s.deviceTruth().suspectedCpuFallback()).isFalse(); // a CPU variant cannot fall back
                    assertThat(s.deviceTruth().decodeCpuPercent()).isGreaterThan(25.0);
                });

                d.markCached(NPU);
                ModelVariant npu = engine.resolve("phi-4-mini", DeviceType.NPU);
                d.quirks.busyMsPerToken.put(NPU.toLowerCase(Locale.ROOT), 40L); // fell back: burns like the CPU one
                List<Sample> fallback = lease(runner, npu, "l-npu-1");
                assertThat(fallback).allSatisfy(s -> {
                    assertThat(s.deviceTruth().deviceAsked()).isEqualTo(DeviceType.NPU);
                    assertThat(s.deviceTruth().deviceRan()).isEqualTo(DeviceType.NPU);
                    assertThat(s.deviceTruth().cpuReferencePercent()).isGreaterThan(25.0);
                    assertThat(s.deviceTruth().suspectedCpuFallback()).as(s.deviceTruth().toString()).isTrue();
                });

                d.quirks.busyMsPerToken.remove(NPU.toLowerCase(Locale.ROOT)); // really on the NPU: the CPU idles
                // One lease first, not judged: this JVM is both the client and the double, and the JIT compiling the
                // idle path on a loaded machine counts as the "engine's" CPU (once seen at 15 % against 26 %).
                lease(runner, npu, "l-npu-warm");
                List<Sample> honest = lease(runner, npu, "l-npu-2");
                assertThat(honest).allSatisfy(s -> {
                    assertThat(s.deviceTruth().decodeCpuPercent()).isLessThan(s.deviceTruth().cpuReferencePercent() / 2);
                    assertThat(s.deviceTruth().suspectedCpuFallback()).as(s.deviceTruth().toString()).isFalse();
                });
            }
        }
    }

    private static List<Sample> lease(LeaseRunner runner, ModelVariant v, String id) throws Exception {
        List<LeasePrompt> prompts = List.of(new LeasePrompt("cell-" + id, new PromptSpec("p1", UseCase.CHAT,
                "Once upon a time", 16, null), 0, 3));
        List<Sample> samples = new ArrayList<>();
        ModelPhases phases = runner.run(new Lease(id, "c-1", 1, v, prompts, 0, "v1", 30, false), samples::add,
                PlanListener.NONE, () -> false).get(120, TimeUnit.SECONDS);
        assertThat(phases.failureCode()).as(phases.failureMessage()).isNull();
        List<Sample> measured = samples.stream().filter(s -> s.kind() == SampleKind.MEASURED).toList();
        assertThat(measured).hasSize(3).allMatch(Sample::ok).allMatch(s -> s.nOut() >= 14);
        return measured;
    }
}
