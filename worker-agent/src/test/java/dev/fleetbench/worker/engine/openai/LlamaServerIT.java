package dev.fleetbench.worker.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.StreamListener;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.gguf.ModelStore;
import dev.fleetbench.worker.llamacpp.NativeLlamaCpp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible engine against a real native llama-server (built from source, or found in the cache, by
 * {@link NativeLlamaCpp}) on the bundled stories260K and the generated synthetic-8m. Skipped with the reason when
 * llama.cpp cannot be built here; {@code .ci/run} builds it.
 */
class LlamaServerIT {

    private static final Timeouts LIMITS = Timeouts.ofTotal(Duration.ofSeconds(60));
    private static NativeLlamaCpp tools;
    private static Path models;
    private static LlamaServerProcess stories;

    @BeforeAll
    static void startServer() throws Exception {
        try {
            tools = NativeLlamaCpp.findOrBuild();
        } catch (NativeLlamaCpp.Unavailable e) {
            Assumptions.abort("no native llama-server: " + e.getMessage());
        }
        models = Files.createTempDirectory("llama-server-models");
        ModelStore store = new ModelStore(models);
        stories = LlamaServerProcess.start(tools, store.installBundled(), List.of());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (stories != null) {
            stories.close();
        }
    }

    /** An engine that knows its server's version, as the agent's and bench's do (they ask for fingerprints). */
    private static OpenAiEngine engineFor(String endpoint) {
        OpenAiEngine engine = OpenAiEngine.forEndpoint(endpoint);
        assertThat(engine.info().version()).startsWith("llama.cpp ");
        return engine;
    }

    /** Arrival times of the token chunks of one request. */
    private static final class Arrivals implements StreamListener {
        final List<Long> at = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        @Override
        public void onRequestSent() {
        }

        @Override
        public void onChunk(ChunkKind kind, String chunk) {
            at.add(System.nanoTime());
            text.append(chunk);
        }

        double decodeTps(int n) {
            return (n - 1) / ((at.get(at.size() - 1) - at.get(0)) / 1e9);
        }
    }

    @Test
    void catalogListsTheServedFileAndItsNameOrStemResolvesToIt() throws Exception {
        try (OpenAiEngine engine = engineFor(stories.endpoint())) {
            List<ModelVariant> catalog = engine.catalog();
            assertThat(catalog).hasSize(1);
            String served = catalog.get(0).id();
            assertThat(served).endsWith("stories260K.gguf");
            assertThat(engine.resolve("stories260K", null).id()).isEqualTo(served);
            assertThat(engine.resolve("stories260K.gguf", null).id()).isEqualTo(served);
            assertThat(engine.resolve("STORIES260K", null).id()).isEqualTo(served);
            EngineException e = catchThrowableOfType(EngineException.class, () -> engine.resolve("my-model", null));
            assertThat(e.code()).isEqualTo(FailureCode.MODEL_NOT_FOUND);
            assertThat(e.getMessage()).contains("'my-model'").contains("stories260K.gguf");
            assertThat(engine.info().version()).startsWith("llama.cpp ");
        }
    }

    @Test
    void streamsEveryTokenWithUsageAndTimingsThatAgreeWithWhatArrived() throws Exception {
        try (OpenAiEngine engine = engineFor(stories.endpoint())) {
            String id = engine.resolve("stories260K", null).id();
            Arrivals a = new Arrivals();
            ChatResult r = engine.chat(ChatRequest.greedy(id, "Once upon a time", 200, LIMITS), a);
            // stories260K never samples end-of-sequence (its stories end with the next one's BOS), so this answer
            // ends by length: every counted token brought text, one chunk each (the end-of-sequence rule is
            // OpenAiTokenCountTest's)
            assertThat(r.finishReason()).isEqualTo("length");
            assertThat(a.at).hasSize(200);
            assertThat(r.usageOutputTokens()).isEqualTo(200);
            assertThat(r.engineTimings().get("predicted_n")).isEqualTo(200.0);
            assertThat(r.usagePromptTokens()).isPositive();
            assertThat(a.text.toString()).isNotBlank();
        }
    }

    /**
     * llama-server closes the connection after every streamed answer although its headers said
     * {@code Keep-Alive: timeout=5, max=100}, and closes an idle kept-alive connection after 5 s: many requests in a
     * row on one engine, streamed and not, straight after each other and once after a pause past the server's idle
     * limit, must all succeed.
     */
    @Test
    void manySequentialRequestsOnOneEngineAllSucceed() throws Exception {
        try (OpenAiEngine engine = engineFor(stories.endpoint())) {
            String id = engine.resolve("stories260K", null).id();
            int retried = 0;
            for (int i = 0; i < 60; i++) {
                ChatResult r = engine.chat(ChatRequest.greedy(id, "Once upon a time", 4, LIMITS),
                        StreamListener.NONE);
                assertThat(r.usageOutputTokens()).as("request %d", i).isEqualTo(4);
                retried += r.engineTimings().getOrDefault(ChatResult.CONNECTION_RETRIES, 0.0).intValue();
                if (i % 10 == 9) {
                    assertThat(engine.catalog()).hasSize(1); // a short call between the streams
                }
                if (i == 30) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5_500)); // idle past the server's 5 s
                }
            }
            System.out.printf("60 streamed requests on one engine: %d sent again on a fresh connection%n", retried);
        }
    }

    @Test
    void asksForNoPromptCacheSoEveryRequestPaysItsPrefill() throws Exception {
        try (OpenAiEngine engine = engineFor(stories.endpoint())) {
            String id = engine.resolve("stories260K", null).id();
            for (int i = 0; i < 3; i++) {
                ChatResult r = engine.chat(ChatRequest.greedy(id, "Once upon a time there was a cat", 16, LIMITS),
                        StreamListener.NONE);
                assertThat(r.engineTimings().get("prompt_n")).as("request %d evaluates its whole prompt", i)
                        .isEqualTo(r.usagePromptTokens().doubleValue());
                assertThat(r.engineTimings().getOrDefault("cache_n", 0.0)).isZero();
            }
        }
    }

    @Test
    void measuredDecodeRateAgreesWithTheServersOwn() throws Exception {
        ModelStore store = new ModelStore(models);
        Path file = store.ensure("synthetic-8m");
        try (LlamaServerProcess server = LlamaServerProcess.start(tools, file, List.of());
             OpenAiEngine engine = engineFor(server.endpoint())) {
            String id = engine.resolve("synthetic-8m", null).id();
            engine.chat(ChatRequest.greedy(id, "Once upon a time", 16, LIMITS), StreamListener.NONE);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Arrivals a = new Arrivals();
                ChatResult r = engine.chat(ChatRequest.greedy(id, "Once upon a time", 128, LIMITS), a);
                assertThat(r.usageOutputTokens()).isEqualTo(a.at.size());
                double reported = r.engineTimings().get("predicted_per_second");
                // the server divides n tokens by the time of n - 1 decode steps; ours is (n - 1) / (t_last - t_first)
                double serverSteps = reported * (r.engineTimings().get("predicted_n") - 1)
                        / r.engineTimings().get("predicted_n");
                ratios.add(a.decodeTps(a.at.size()) / serverSteps);
            }
            ratios.sort(Double::compare);
            assertThat(ratios.get(1)).as("median of measured / server decode rate, all: %s", ratios)
                    .isGreaterThanOrEqualTo(0.98);
        }
    }

    @Test
    void aServerKilledMidStreamIsAConnectionResetWithWhatArrived() throws Exception {
        ModelStore store = new ModelStore(models);
        Path file = store.ensure("synthetic-8m");
        try (LlamaServerProcess server = LlamaServerProcess.start(tools, file, List.of());
             OpenAiEngine engine = engineFor(server.endpoint())) {
            String id = engine.resolve("synthetic-8m", null).id();
            AtomicInteger chunks = new AtomicInteger();
            StreamListener killer = new StreamListener() {
                @Override
                public void onRequestSent() {
                }

                @Override
                public void onChunk(ChunkKind kind, String text) {
                    if (chunks.incrementAndGet() == 5) {
                        try {
                            server.kill();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            };
            EngineException e = catchThrowableOfType(EngineException.class,
                    () -> engine.chat(ChatRequest.greedy(id, "Once upon a time", 1000, LIMITS), killer));
            assertThat(e).isNotNull();
            assertThat(e.code()).as(e.getMessage()).isEqualTo(FailureCode.CONNECTION_RESET);
            assertThat(chunks.get()).isGreaterThanOrEqualTo(5);
        }
    }
}
