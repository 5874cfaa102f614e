package dev.fleetbench.worker.engine.openai;

import static dev.fleetbench.worker.engine.StreamListener.ChunkKind.CONTENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.StreamListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every way a request can fail ends in its own failure code, a clear message, and the chunks seen before it. */
@Timeout(20)
class OpenAiEngineFailureTest extends EngineTestSupport {

    @Test
    void httpErrorCarriesStatusAndBody() {
        server.script(Script.httpError(500, "Failed loading model Phi-4-mini-instruct-generic-cpu:4"));
        EngineException e = failure(request(GENEROUS), new TimelineRecorder(), FailureCode.HTTP_ERROR);
        assertThat(e.getMessage()).startsWith("HTTP 500 from POST " + server.endpoint() + "/v1/chat/completions")
                .endsWith(": Failed loading model Phi-4-mini-instruct-generic-cpu:4");
    }

    @Test
    void contextOverflowIsItsOwnCode() {
        server.script(Script.httpError(400, "{\"error\":{\"message\":\"This request requires 9000 total tokens (8000 "
                + "input + 1000 output), which exceeds the model's maximum context length of 8192 tokens.\","
                + "\"type\":\"invalid_request_error\"}}"));
        EngineException e = failure(request(GENEROUS), new TimelineRecorder(), FailureCode.CONTEXT_OVERFLOW);
        assertThat(e.getMessage()).contains("HTTP 400").contains("maximum context length of 8192");
    }

    @Test
    void unknownModelIsModelNotFound() {
        server.script(Script.httpError(404, "{\"error\":{\"message\":\"model \\\"nope\\\" not found, try pulling it "
                + "first\",\"type\":\"api_error\"}}"));
        EngineException e = failure(request(GENEROUS), new TimelineRecorder(), FailureCode.MODEL_NOT_FOUND);
        assertThat(e.getMessage()).contains("HTTP 404").contains("model \"nope\" not found");
    }

    @Test
    void refusedConnectionIsEngineUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (OpenAiEngine closed = OpenAiEngine.forEndpoint("http://127.0.0.1:" + port)) {
            TimelineRecorder rec = new TimelineRecorder();
            EngineException e = org.assertj.core.api.Assertions.catchThrowableOfType(EngineException.class,
                    () -> closed.chat(request(GENEROUS), rec));
            assertThat(e.code()).isEqualTo(FailureCode.ENGINE_UNAVAILABLE);
            assertThat(e.getMessage()).contains("cannot connect to http://127.0.0.1:" + port)
                    .contains("connection refused");
            assertThat(rec.sends()).as("a failed request still gets exactly one t_send").isEqualTo(1);
            EngineException list = org.assertj.core.api.Assertions.catchThrowableOfType(EngineException.class,
                    closed::catalog);
            assertThat(list.code()).isEqualTo(FailureCode.ENGINE_UNAVAILABLE);
        }
    }

    @Test
    void connectTimeoutNamesTheLimit() throws Exception {
        // a listening socket whose accept queue is full: the kernel drops further SYNs, so connecting hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 100);
                        fillers.add(s);
                    } catch (java.io.IOException queueFull) {
                        s.close();
                        break;
                    }
                }
                try (OpenAiEngine engine = OpenAiEngine.forEndpoint("http://127.0.0.1:" + full.getLocalPort())) {
                    long start = System.nanoTime();
                    EngineException e = org.assertj.core.api.Assertions.catchThrowableOfType(EngineException.class,
                            () -> engine.chat(request(limits(300, 3000, 3000, 3000)), new TimelineRecorder()));
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    assertThat(e.code()).isEqualTo(FailureCode.TIMEOUT);
                    assertThat(e.getMessage()).isEqualTo("could not connect to http://127.0.0.1:"
                            + full.getLocalPort() + " within 0.3 s (connect timeout)");
                    assertThat(ms).isBetween(250L, 2000L);
                }
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void serverThatNeverAnswersHitsTheFirstTokenTimeout() {
        server.script(Script.neverAnswer());
        long start = System.nanoTime();
        EngineException e = failure(request(limits(1000, 400, 5000, 5000)), new TimelineRecorder(), FailureCode.TIMEOUT);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.getMessage()).isEqualTo("no token within 0.4 s (first-token timeout)");
        assertThat(ms).isBetween(380L, 1500L);
    }

    @Test
    void headersAndRoleChunkButNoTokenHitTheFirstTokenTimeout() {
        server.script(Script.tokens("late").hangAfter(0));
        TimelineRecorder rec = new TimelineRecorder();
        EngineException e = failure(request(limits(1000, 300, 100, 5000)), rec, FailureCode.TIMEOUT);
        assertThat(e.getMessage()).as("the idle limit only starts after the first token")
                .isEqualTo("no token within 0.3 s (first-token timeout)");
        assertThat(rec.chunks()).isEmpty();
    }

    @Test
    void streamThatStopsMidwayHitsTheIdleTimeoutAfterDeliveringItsChunks() {
        server.script(Script.tokens("a", "b", "c", "d", "e").hangAfter(3));
        TimelineRecorder rec = new TimelineRecorder();
        long start = System.nanoTime();
        EngineException e = failure(request(limits(1000, 2000, 300, 5000)), rec, FailureCode.TIMEOUT);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.getMessage()).isEqualTo("no chunk for 0.3 s after 3 token chunks (idle timeout)");
        assertThat(rec.text(CONTENT)).isEqualTo("abc");
        assertThat(ms).isBetween(300L, 1500L);
    }

    @Test
    void slowButSteadyStreamHitsTheTotalTimeout() {
        String[] many = new String[100];
        java.util.Arrays.fill(many, "x");
        server.script(Script.tokens(many).firstChunkAfter(Duration.ofMillis(10)).gap(Duration.ofMillis(40)));
        TimelineRecorder rec = new TimelineRecorder();
        long start = System.nanoTime();
        EngineException e = failure(request(limits(1000, 1000, 1000, 500)), rec, FailureCode.TIMEOUT);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.getMessage()).startsWith("request not finished within 0.5 s, after ")
                .endsWith(" token chunks (total timeout)");
        assertThat(rec.chunks().size()).isBetween(8, 14);
        assertThat(ms).isBetween(480L, 1500L);
    }

    @Test
    void connectionResetMidStreamIsConnectionResetAfterDeliveringItsChunks() {
        server.script(Script.tokens("a", "b", "c", "d").resetAfter(2));
        TimelineRecorder rec = new TimelineRecorder();
        EngineException e = failure(request(GENEROUS), rec, FailureCode.CONNECTION_RESET);
        assertThat(e.getMessage()).startsWith("connection broke after 2 token chunks, before [DONE]");
        assertThat(rec.text(CONTENT)).isEqualTo("ab");
    }

    @Test
    void cleanEndWithoutDoneOrFinishReasonAfterDataIsConnectionReset() {
        server.script(Script.tokens("a", "b").finishReason(false).done(false).usage(Script.Usage.NONE));
        TimelineRecorder rec = new TimelineRecorder();
        EngineException e = failure(request(GENEROUS), rec, FailureCode.CONNECTION_RESET);
        assertThat(e.getMessage()).isEqualTo("stream ended after 2 token chunks without [DONE] or a finish_reason");
        assertThat(rec.chunks()).hasSize(2);
    }

    @Test
    void malformedJsonIsStreamMalformedAfterDeliveringItsChunks() {
        server.script(Script.tokens("a", "b", "c").malformedAfter(2, "data: {\"choices\":[{\"delta\":{\"content\n\n"));
        TimelineRecorder rec = new TimelineRecorder();
        EngineException e = failure(request(GENEROUS), rec, FailureCode.STREAM_MALFORMED);
        assertThat(e.getMessage()).startsWith("malformed chunk after 2 token chunks: invalid JSON")
                .contains("{\"choices\":[{\"delta\":{\"content");
        assertThat(rec.text(CONTENT)).isEqualTo("ab");
    }

    @Test
    void bodyThatIsNotAnEventStreamIsStreamMalformed() {
        server.script(Script.raw("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[]}\n"));
        EngineException e = failure(request(GENEROUS), new TimelineRecorder(), FailureCode.STREAM_MALFORMED);
        assertThat(e.getMessage()).startsWith("not a server-sent event stream after 0 token chunks");
    }

    @Test
    void errorEventInTheStreamIsEngineErrorAfterDeliveringItsChunks() {
        server.script(Script.tokens("a", "b", "c").errorAfter(2,
                "{\"error\":{\"message\":\"Inference failed: device lost\",\"type\":\"server_error\",\"param\":null,"
                        + "\"code\":null}}"));
        TimelineRecorder rec = new TimelineRecorder();
        EngineException e = failure(request(GENEROUS), rec, FailureCode.ENGINE_ERROR);
        assertThat(e.getMessage()).isEqualTo("engine reported an error in the stream after 2 token chunks: "
                + "Inference failed: device lost (server_error)");
        assertThat(rec.text(CONTENT)).isEqualTo("ab");
    }

    @Test
    void streamWithoutTextIsEmptyResponse() {
        server.script(Script.tokens());
        EngineException e = failure(request(GENEROUS), new TimelineRecorder(), FailureCode.EMPTY_RESPONSE);
        assertThat(e.getMessage()).contains("without any text").contains("finish_reason stop");
        server.script(Script.raw());
        failure(request(GENEROUS), new TimelineRecorder(), FailureCode.EMPTY_RESPONSE);
    }

    @Test
    void cancellingStopsReadingAndClosesTheConnection() throws Exception {
        String[] many = new String[50];
        java.util.Arrays.fill(many, "x");
        server.script(Script.tokens(many).gap(Duration.ofMillis(100)));
        AtomicBoolean cancel = new AtomicBoolean();
        TimelineRecorder rec = TimelineRecorder.cancellingAfter(2, cancel);
        int closedBefore = server.connectionsClosed();
        long start = System.nanoTime();
        EngineException e = failure(new ChatRequest("m", List.of(dev.fleetbench.worker.engine.ChatMessage.user("hi")),
                64, 0, 1, GENEROUS, cancel::get), rec, FailureCode.CANCELLED);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.getMessage()).isEqualTo("request cancelled after 2 token chunks");
        assertThat(rec.chunks()).hasSize(2);
        assertThat(ms).isLessThan(1000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (server.connectionsClosed() == closedBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.connectionsClosed()).as("the engine closed the connection").isGreaterThan(closedBefore);
    }

    @Test
    void cancellingWhileWaitingForTheFirstTokenEndsPromptly() {
        server.script(Script.neverAnswer());
        AtomicBoolean cancel = new AtomicBoolean();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.schedule(() -> cancel.set(true), 200, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            EngineException e = failure(new ChatRequest("m", List.of(dev.fleetbench.worker.engine.ChatMessage.user(
                    "hi")), 64, 0, 1, GENEROUS, cancel::get), new TimelineRecorder(), FailureCode.CANCELLED);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.getMessage()).isEqualTo("request cancelled after 0 token chunks");
            assertThat(ms).isBetween(190L, 800L);
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aListenerThatThrowsOnSendIsAnInternalFailureNotABrokenClient() throws Exception {
        StreamListener broken = new StreamListener() {
            @Override
            public void onRequestSent() {
                throw new IllegalStateException("recorder bug");
            }

            @Override
            public void onChunk(ChunkKind kind, String text) {
            }
        };
        EngineException e = org.assertj.core.api.Assertions.catchThrowableOfType(EngineException.class,
                () -> engine.chat(request(GENEROUS), broken));
        assertThat(e.code()).isEqualTo(FailureCode.INTERNAL);
        assertThat(e.getMessage()).contains("onRequestSent").contains("recorder bug");
        TimelineRecorder rec = new TimelineRecorder();
        engine.chat(request(GENEROUS), rec);
        assertThat(rec.sends()).isEqualTo(1);
    }

    @Test
    void theEngineStaysUsableAfterFailures() throws Exception {
        server.script(Script.tokens("a", "b").resetAfter(1));
        failure(request(GENEROUS), new TimelineRecorder(), FailureCode.CONNECTION_RESET);
        server.script(Script.neverAnswer());
        failure(request(limits(1000, 200, 200, 1000)), new TimelineRecorder(), FailureCode.TIMEOUT);
        server.script(Script.tokens("fine"));
        TimelineRecorder rec = new TimelineRecorder();
        engine.chat(request(GENEROUS), rec);
        assertThat(rec.text(CONTENT)).isEqualTo("fine");
        engine.chat(request(GENEROUS), StreamListener.NONE);
    }
}
