package dev.fleetbench.worker.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.model.SampleStatus;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.Timeouts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
        ChatRequest req = ChatRequest.greedy("tiny-1", "hello", 16, Timeouts.ofTotal(Duration.ofSeconds(5)));
        return runner.run(engine, req, new SampleContext("tiny-1", prompt, null, SampleKind.MEASURED, 3, Placement.LOCAL,
                Fixtures.embeddedFingerprint("tiny-1")));
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
