package dev.fleetbench.worker.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.Timeouts;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import dev.fleetbench.worker.testing.FakeClock;
import dev.fleetbench.worker.testing.ScriptedEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelMeasurementTest {

    private final FakeClock clock = new FakeClock();
    private final ScriptedEngine engine = new ScriptedEngine(clock);
    private final ResourceSampler sampler = new ResourceSampler(
            pid -> Optional.of(new ProcessStats(pid == 4242 ? 500_000_000L : 100_000_000L, clock.getAsLong())),
            clock, Duration.ofMillis(50));
    private final AtomicInteger ids = new AtomicInteger();
    private final ModelMeasurement measurement = new ModelMeasurement(
            new RequestRunner(clock, Clock.systemUTC(), () -> "s" + ids.incrementAndGet()), sampler, clock, 1);
    private final FingerprintFactory fingerprints = new FingerprintFactory(Fixtures.intelDesktop(), engine.info(), "test");
    private final PromptSet prompts = new PromptSet(List.of(
            new PromptSpec("a", UseCase.CHAT, "A", 8, null), new PromptSpec("b", UseCase.CODE, "B", 8, null)));
    private final List<Sample> samples = new ArrayList<>();

    @AfterEach
    void tearDown() {
        sampler.close();
    }

    private ModelPhases run(int warmups, int reps) {
        MeasurementPlan plan = MeasurementPlan.uniform(prompts, warmups, reps, Timeouts.ofTotal(Duration.ofSeconds(5)), true);
        return measurement.run(engine, ScriptedEngine.MODEL, plan, Placement.LOCAL, fingerprints, samples::add,
                PlanListener.NONE, () -> false);
    }

    @Test
    void followsThePlanInOrder() {
        engine.cached = false;
        ModelPhases phases = run(3, 2);
        assertThat(engine.calls).containsExactly("download", "load",
                "chat:A", // cold
                "chat:A", "chat:B", "chat:A", // warm-ups cycle through the prompts
                "chat:A", "chat:B", "chat:A", "chat:B", // 2 repetitions x 2 prompts
                "unload");
        assertThat(samples).extracting(Sample::kind).containsExactly(SampleKind.COLD, SampleKind.WARMUP,
                SampleKind.WARMUP, SampleKind.WARMUP, SampleKind.MEASURED, SampleKind.MEASURED, SampleKind.MEASURED,
                SampleKind.MEASURED);
        assertThat(samples.stream().filter(s -> s.kind() == SampleKind.MEASURED).map(Sample::repetition))
                .containsExactly(0, 0, 1, 1);
        assertThat(phases.downloadMs()).isEqualTo(500.0);
        assertThat(phases.downloadBytes()).isEqualTo(1000L);
        assertThat(phases.loadMs()).isEqualTo(250.0);
        assertThat(phases.coldTtftMs()).isEqualTo(100.0);
        assertThat(phases.coldE2eMs()).isEqualTo(141.0);
        assertThat(phases.peakRssBytes()).isEqualTo(500_000_000L);
        // the fake process burns CPU exactly as fast as the clock runs: one core
        assertThat(phases.avgCpuPercent()).isEqualTo(100.0);
        assertThat(phases.failureCode()).isNull();
        assertThat(samples).allSatisfy(s -> assertThat(s.fingerprint().promptSetVersion()).isEqualTo(prompts.version()));
    }

    @Test
    void aContextPromptWithoutATokenizerIsApproximatedAndEverySampleOfItSaysSoWithItsPeakMemory() {
        // the scripted engine exposes no tokenizer: 4 characters per token, flagged on every sample of the prompt
        PromptSet sweep = new PromptSet(List.of(PromptSpec.context(256, 8), new PromptSpec("a", UseCase.CHAT, "A", 8, null)));
        MeasurementPlan plan = MeasurementPlan.uniform(sweep, 0, 2, Timeouts.ofTotal(Duration.ofSeconds(5)), true);
        ModelPhases phases = measurement.run(engine, ScriptedEngine.MODEL, plan, Placement.LOCAL, fingerprints,
                samples::add, PlanListener.NONE, () -> false);
        List<Sample> context = samples.stream().filter(s -> s.promptId().equals("context-256")).toList();
        assertThat(context).hasSize(3).allSatisfy(s -> {
            assertThat(s.contextPrompt()).isNotNull();
            assertThat(s.contextPrompt().approximate()).isTrue();
            assertThat(s.contextPrompt().targetTokens()).isEqualTo(256);
            assertThat(s.contextPrompt().charsPerToken()).isEqualTo(ContextPrompt.APPROX_CHARS_PER_TOKEN);
            assertThat(s.contextPrompt().method())
                    .isEqualTo("approximated at 4 characters per token: the engine exposes no tokenizer");
            // the engine process (pid 4242) reads 500 MB in the fake /proc
            assertThat(s.peakRssBytes()).isEqualTo(500_000_000L);
        });
        assertThat(engine.calls).anySatisfy(c -> assertThat(c).startsWith("chat:Alice was beginning")
                .endsWith(ContextPrompt.TASK).hasSizeBetween(256 * 4 - 2 + 5, 256 * 4 + 5));
        assertThat(samples).filteredOn(s -> s.promptId().equals("a")).allSatisfy(s -> {
            assertThat(s.contextPrompt()).as("an ordinary prompt").isNull();
            assertThat(s.peakRssBytes()).isEqualTo(500_000_000L);
        });
        assertThat(phases.events()).contains("context prompt of 256 tokens approximated at 4 characters per token:"
                + " the engine exposes no tokenizer");
    }

    @Test
    void aCachedModelIsNotDownloaded() {
        ModelPhases phases = run(0, 1);
        assertThat(engine.calls).doesNotContain("download");
        assertThat(phases.downloadMs()).isNull();
    }

    @Test
    void aModelThatFailsToLoadIsAResultNotACrash() {
        engine.loadFailure = new EngineException(FailureCode.LOAD_FAILED, "out of memory");
        ModelPhases phases = run(1, 1);
        assertThat(phases.failureCode()).isEqualTo(FailureCode.LOAD_FAILED);
        assertThat(phases.failureMessage()).isEqualTo("out of memory");
        assertThat(samples).isEmpty();
        assertThat(engine.calls).containsExactly("load", "unload");
    }

    @Test
    void cancellationStopsAtTheNextRequestBoundary() {
        MeasurementPlan plan = MeasurementPlan.uniform(prompts, 0, 5, Timeouts.ofTotal(Duration.ofSeconds(5)), true);
        ModelPhases phases = measurement.run(engine, ScriptedEngine.MODEL, plan, Placement.LOCAL, fingerprints,
                samples::add, PlanListener.NONE, () -> samples.size() >= 3);
        assertThat(samples).hasSize(3);
        assertThat(phases.events()).contains("cancelled: remaining requests not run");
        assertThat(engine.calls).last().isEqualTo("unload");
    }

    @Test
    void aRerunCarriesOnlyTheMissingRepetitionsWithTheirIndexesAndCells() {
        MeasurementPlan plan = new MeasurementPlan("v1", List.of(
                new PlannedPrompt(prompts.prompts().get(0), "cell-a", 2, 1),
                new PlannedPrompt(prompts.prompts().get(1), "cell-b", 0, 3)), 0,
                Timeouts.ofTotal(Duration.ofSeconds(5)), true);
        measurement.run(engine, ScriptedEngine.MODEL, plan, new Placement("c1", "l1", "w1"), fingerprints, samples::add,
                PlanListener.NONE, () -> false);
        assertThat(samples).extracting(s -> s.kind().wire() + ":" + s.promptId() + "#" + s.repetition() + "@" + s.cellId())
                .containsExactly("cold:a#0@cell-a", "measured:a#2@cell-a", "measured:b#0@cell-b",
                        "measured:b#1@cell-b", "measured:b#2@cell-b");
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.campaignId()).isEqualTo("c1");
            assertThat(s.leaseId()).isEqualTo("l1");
            assertThat(s.workerId()).isEqualTo("w1");
            assertThat(s.fingerprint().promptSetVersion()).isEqualTo("v1");
        });
        assertThat(plan.totalRequests()).isEqualTo(5);
    }

    @Test
    void everySampleGetsTheEnergyOfItsRequestWithTheIdlePowerMeasuredBeforeTheLease() {
        // a laptop on battery without RAPL: 18 W while a request runs, 6 W in the quiet window before the lease
        double[] mw = {-6_000};
        boolean[] idleOver = {false};
        dev.fleetbench.worker.energy.EnergyMeters battery = new dev.fleetbench.worker.energy.EnergyMeters(
                dev.fleetbench.common.model.OsFamily.LINUX,
                java.nio.file.Path.of("src/test/resources/hardware/linux/meteorlake-laptop"), () -> {
                    double now = mw[0];
                    if (idleOver[0]) {
                        mw[0] = -18_000; // the idle window's last reading is still quiet; then the engine works
                    }
                    return List.of(new dev.fleetbench.worker.energy.BatteryMeter.Rate("BAT0", true, now));
                });
        ModelMeasurement m = new ModelMeasurement(new RequestRunner(clock, Clock.systemUTC(),
                () -> "s" + ids.incrementAndGet()), sampler, clock, 1, battery, Duration.ofSeconds(2), d -> {
                    clock.advanceMs(d.toMillis());
                    idleOver[0] = true;
                });
        MeasurementPlan plan = MeasurementPlan.uniform(prompts, 0, 1, Timeouts.ofTotal(Duration.ofSeconds(5)), true);
        m.run(engine, ScriptedEngine.MODEL, plan, Placement.LOCAL, fingerprints, samples::add, PlanListener.NONE,
                () -> false);
        assertThat(samples).hasSize(3).allSatisfy(s -> {
            assertThat(s.energy().source()).isEqualTo("battery");
            assertThat(s.energy().estimate()).isTrue();
            assertThat(s.energy().idleWatts()).isEqualTo(6.0);
            assertThat(s.energy().seconds() * 1000).isCloseTo(s.e2eMs(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(s.energy().joules()).isCloseTo(18 * s.e2eMs() / 1000, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(s.energy().joulesPerOutputToken()).isCloseTo(s.energy().joules() / s.nOut(),
                    org.assertj.core.data.Offset.offset(1e-12));
        });
    }

    @Test
    void withoutACounterSamplesHaveNoEnergy() {
        run(0, 1);
        assertThat(samples).isNotEmpty().allSatisfy(s -> assertThat(s.energy()).isNull());
    }
}
