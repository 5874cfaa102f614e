package dev.fleetbench.worker.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.Timeouts;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One scripted server per test class, a fresh engine per test (it remembers what the server supports). */
abstract class EngineTestSupport {

    static final Timeouts GENEROUS = Timeouts.ofTotal(Duration.ofSeconds(5));

    static ScriptedOpenAiServer server;
    OpenAiEngine engine;

    @BeforeAll
    static void startServer() throws Exception {
        server = ScriptedOpenAiServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void newEngine() {
        server.reset();
        engine = OpenAiEngine.forEndpoint(server.endpoint());
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    static ChatRequest request(Timeouts t) {
        return ChatRequest.greedy("scripted-model", "Say hello", 64, t);
    }

    static Timeouts limits(long connectMs, long firstTokenMs, long idleMs, long totalMs) {
        return new Timeouts(Duration.ofMillis(connectMs), Duration.ofMillis(firstTokenMs), Duration.ofMillis(idleMs),
                Duration.ofMillis(totalMs));
    }

    /** Runs a chat that must fail, and returns the failure after checking its code. */
    EngineException failure(ChatRequest r, TimelineRecorder rec, FailureCode expected) {
        EngineException e = catchThrowableOfType(EngineException.class, () -> engine.chat(r, rec));
        assertThat(e).as("the chat should have failed with %s", expected).isNotNull();
        assertThat(e.code()).as("code of '%s'", e.getMessage()).isEqualTo(expected);
        return e;
    }
}
