package dev.fleetbench.worker.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.Expectation;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.model.SampleStatus;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.quality.Verdict;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.Timeouts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import dev.fleetbench.worker.testing.FakeClock;
import dev.fleetbench.worker.testing.ScriptedEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestRunnerTest {

    private final FakeClock clock = new FakeClock();
    private final ScriptedEngine engine = new ScriptedEngine(clock);
    private RequestRunner runner;
    private final PromptSpec prompt = new PromptSpec("p1", UseCase.CHAT, "hello", 16, null);

    @BeforeEach
    void setUp() {
        runner = new RequestRunner(clock, Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC),
                () -> "sample-1");
    }

    private Sample run() {
        return run(prompt);
    }

    private Sample run(PromptSpec prompt) {
        ChatRequest req = ChatRequest.greedy("tiny-1", "hello", 16, Timeouts.ofTotal(Duration.ofSeconds(5)));
        return runner.run(engine, req, new SampleContext("tiny-1", prompt, null, SampleKind.MEASURED, 3, Placement.LOCAL,
                Fixtures.embeddedFingerprint("tiny-1")));
    }

    @Test
    void everySampleCarriesThePowerSourceReadWhenItsRequestStarted() {
        Iterator<PowerSource> power = List.of(
                PowerSource.AC, PowerSource.BATTERY).iterator();
        runner = new RequestRunner(clock, Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC),
                () -> "sample-1", power::next);
        // the fixture's fingerprint was built at agent start with the profile's power; the live reading wins
        assertThat(Fixtures.embeddedFingerprint("tiny-1").powerSource())
                .isNotEqualTo(PowerSource.BATTERY);

        Sample plugged = run();
        Sample unplugged = run();

        assertThat(plugged.fingerprint().powerSource()).isEqualTo(PowerSource.AC);
        assertThat(unplugged.fingerprint().powerSource()).isEqualTo(PowerSource.BATTERY);
        assertThat(unplugged.fingerprint().withPowerSource(PowerSource.AC))
                .isEqualTo(plugged.fingerprint());
    }

    @Test
    void aSampleServedFromThePromptCacheIsFlaggedAndKeepsItsFirstTokenOutOfTheStatistics() {
        engine.timings = java.util.Map.of("cache_n", 6.0, "cached_prompt_tokens", 6.0);
        Sample s = run();
        assertThat(s.status()).isEqualTo(SampleStatus.OK);
        assertThat(s.ttftMs()).as("TTFT did not pay for the prompt").isNull();
        assertThat(s.ttfcMs()).isNull();
        assertThat(s.prefillTps()).isNull();
        assertThat(s.engineTimings()).containsEntry("cached_prompt_tokens", 6.0)
                .containsEntry("ttft_ms_cached_prompt", 100.0);
        assertThat(s.decodeTps()).as("decode is still measured").isEqualTo(100.0);
        assertThat(s.e2eMs()).isEqualTo(141.0);
    }

    @Test
    void measuresWhatTheEngineStreams() {
        Sample s = run();
        assertThat(s.status()).isEqualTo(SampleStatus.OK);
        assertThat(s.ttftMs()).isEqualTo(100.0);
        assertThat(s.tpotMs()).isEqualTo(10.0);
        assertThat(s.e2eMs()).isEqualTo(141.0);
        assertThat(s.decodeTps()).isEqualTo(100.0);
        assertThat(s.nIn()).isEqualTo(7);
        assertThat(s.nOut()).as("no usage and no tokenizer: chunks").isEqualTo(5);
        assertThat(s.tokensApproximate()).isTrue();
        assertThat(s.text()).isEqualTo("t0 t1 t2 t3 t4 ");
        assertThat(s.finishReason()).isEqualTo("stop");
        assertThat(s.engineTimings()).containsEntry("eval_ms", 1.5);
        assertThat(s.startedAtMs()).isEqualTo(1_700_000_000_000L);
        assertThat(s.repetition()).isEqualTo(3);
        assertThat(s.fingerprint().modelVariantId()).isEqualTo("tiny-1");
    }

    @Test
    void theAnswerIsScoredByThePromptsCheckWhereTheSampleIsBorn() {
        assertThat(run().quality()).as("no check, no score").isNull();
        Sample s = run(new PromptSpec("p1", UseCase.CHAT, "hello", 16, Expectation.contains("t3")));
        assertThat(s.quality().verdict()).isEqualTo(Verdict.PASS);
        assertThat(s.quality()).isEqualTo(Expectation.contains("t3").score(s.text()));
        assertThat(s.quality().reason()).contains("t3");
        Sample wrong = run(new PromptSpec("p1", UseCase.CHAT, "hello", 16, Expectation.regex("^t9")));
        assertThat(wrong.quality().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(wrong.quality().score()).isZero();
        engine.failAfterTokens = 3;
        engine.chatFailureAfterTokens = new EngineException(FailureCode.CONNECTION_RESET, "reset");
        assertThat(run(new PromptSpec("p1", UseCase.CHAT, "hello", 16, Expectation.contains("t1"))).quality())
                .as("a failed request has no score").isNull();
    }

    @Test
    void usageWinsOverChunkCounting() {
        engine.usageOut = 9;
        Sample s = run();
        assertThat(s.nOut()).isEqualTo(9);
        assertThat(s.tokensApproximate()).isFalse();
        // 40 ms between first and last chunk over 8 intervals
        assertThat(s.tpotMs()).isEqualTo(5.0);
    }

    @Test
    void aFailureMidStreamKeepsWhatWasMeasured() {
        engine.failAfterTokens = 3;
        engine.chatFailureAfterTokens = new EngineException(FailureCode.CONNECTION_RESET, "connection reset by peer");
        Sample s = run();
        assertThat(s.status()).isEqualTo(SampleStatus.FAILED);
        assertThat(s.failureCode()).isEqualTo(FailureCode.CONNECTION_RESET);
        assertThat(s.failureMessage()).isEqualTo("connection reset by peer");
        assertThat(s.ttftMs()).isEqualTo(100.0);
        assertThat(s.nOut()).isEqualTo(3);
        assertThat(s.text()).isEqualTo("t0 t1 t2 ");
    }

    @Test
    void noTextIsAnEmptyResponse() {
        engine.tokens = 0;
        Sample s = run();
        assertThat(s.failureCode()).isEqualTo(FailureCode.EMPTY_RESPONSE);
        assertThat(s.ttftMs()).isNull();
        assertThat(s.e2eMs()).isNotNull();
    }

    @Test
    void aDefectInTheEngineIsAnInternalFailureNotACrash() {
        engine.defect = new IllegalStateException("boom");
        Sample s = run();
        assertThat(s.failureCode()).isEqualTo(FailureCode.INTERNAL);
        assertThat(s.failureMessage()).isEqualTo("IllegalStateException: boom");
        assertThat(s.e2eMs()).as("never sent").isNull();
    }
}
