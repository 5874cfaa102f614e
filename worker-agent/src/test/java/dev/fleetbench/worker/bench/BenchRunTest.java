package dev.fleetbench.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Expectation;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.recommend.EvidenceRules;
import dev.fleetbench.common.recommend.ServiceLevels;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Golden;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.measure.MeasurementPlan;
import dev.fleetbench.worker.measure.ModelMeasurement;
import dev.fleetbench.worker.measure.PlanListener;
import dev.fleetbench.worker.measure.ProcessStats;
import dev.fleetbench.worker.measure.RequestRunner;
import dev.fleetbench.worker.measure.ResourceSampler;
import dev.fleetbench.worker.testing.FakeClock;
import dev.fleetbench.worker.testing.ScriptedEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BenchRunTest {

    private final FakeClock clock = new FakeClock();
    private final ScriptedEngine engine = new ScriptedEngine(clock);

    private BenchRun.Result run(List<String> models) {
        return run(models, EvidenceRules.DEFAULTS, 0.01);
    }

    private BenchRun.Result run(List<String> models, EvidenceRules evidence, double maxErrorRate) {
        return run(models, evidence, maxErrorRate, new PromptSet(List.of(
                new PromptSpec("hello", UseCase.CHAT, "Hello", 16, null),
                new PromptSpec("code", UseCase.CODE, "Sort", 16, null))));
    }

    private BenchRun.Result run(List<String> models, EvidenceRules evidence, double maxErrorRate, PromptSet prompts) {
        AtomicInteger ids = new AtomicInteger();
        try (ResourceSampler sampler = new ResourceSampler(
                pid -> Optional.of(new ProcessStats(300_000_000L, clock.getAsLong() / 2)), clock, Duration.ofHours(1))) {
            ModelMeasurement m = new ModelMeasurement(new RequestRunner(clock,
                    Clock.fixed(Instant.ofEpochMilli(1_790_000_000_000L), ZoneOffset.UTC),
                    () -> String.format("00000000-0000-0000-0000-%012d", ids.incrementAndGet())), sampler, clock, 1);
            MeasurementPlan plan = MeasurementPlan.uniform(prompts, 1, 3, Timeouts.ofTotal(Duration.ofSeconds(5)), true);
            return new BenchRun(engine, Fixtures.intelDesktop(), m, "0.1.0-test")
                    .run(models, null, plan, new ServiceLevels(2000, 10, maxErrorRate, 0.8), evidence, PlanListener.NONE,
                            () -> false);
        }
    }

    @Test
    void anUnknownModelIsARowWithItsReasonAndTheRunGoesOn() {
        BenchRun.Result r = run(List.of("no-such-model", "tiny"));
        assertThat(r.report().phases()).extracting(ModelPhases::model).containsExactly("no-such-model", "tiny-1");
        assertThat(r.report().phases().get(0).failureCode()).isEqualTo(FailureCode.MODEL_NOT_FOUND);
        assertThat(r.report().phases().get(0).failureMessage())
                .isEqualTo("model 'no-such-model' is not in the scripted catalog; available: tiny");
        // cold + 1 warm-up + 3 reps x 2 prompts
        assertThat(r.report().samples()).hasSize(8);
        // 6 error-free requests: fewer than the 10 the rule needs, said as such
        assertThat(r.recommendation().recommended()).isNull();
        assertThat(r.recommendation().rejected().get(1).detail())
                .isEqualTo("6 successful measured request(s) < 10");
        BenchRun.Result lenient = run(List.of("tiny"), new EvidenceRules(3, 3, 5, 0.5), 0.6);
        assertThat(lenient.byUseCase()).containsOnlyKeys("chat", "code");
        assertThat(lenient.byUseCase().get("chat").recommended()).isEqualTo("tiny-1");
        assertThat(lenient.byUseCase().get("chat").summary()).contains("the only one");
    }

    @Test
    void eachUseCaseIsJudgedOnItsOwnScores() {
        // chat answers ("t0 t1 …") contain "t1"; code answers must contain "def", which they never do
        BenchRun.Result r = run(List.of("tiny"), new EvidenceRules(3, 3, 5, 0.5), 0.6, new PromptSet(List.of(
                new PromptSpec("hello", UseCase.CHAT, "Hello", 16, Expectation.contains("t1")),
                new PromptSpec("code", UseCase.CODE, "Sort", 16, Expectation.contains("def")))));
        assertThat(r.byUseCase().get("chat").recommended()).isEqualTo("tiny-1");
        assertThat(r.byUseCase().get("chat").evidence().quality().mean()).isEqualTo(1.0);
        assertThat(r.byUseCase().get("code").recommended()).isNull();
        assertThat(r.byUseCase().get("code").rejected().get(0).detail())
                .startsWith("quality 0.00 < 0.50 in this use case (n=3, 0 passed");
        assertThat(r.recommendation().summary()).as("over all prompts quality is not judged").doesNotContain("quality");
    }

    @Test
    void tableAndJsonArePinned() {
        BenchRun.Result r = run(List.of("tiny", "missing"));
        Golden.assertMatches("bench-table.txt", BenchTable.render(r.report(), r, java.util.Map.of("hello", "chat",
                "code", "code")));
        Golden.assertMatches("bench-report.json", Json.writePretty(r.report()));
    }
}
