package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.PromptTokens;
import dev.fleetbench.worker.gguf.ModelStore;
import dev.fleetbench.worker.gguf.SyntheticSpec;
import dev.fleetbench.worker.measure.ContextPrompt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Context-length prompts on real llama.cpp inference: a synthetic model with a 2,048-token window (and one with a
 * chat template) takes prompts of exactly 128 and 1,024 tokens as the engine counts them, and a 4,096-token prompt
 * does not fit, naming the window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContextSweepEmbeddedIT {

    static final SyntheticSpec WINDOW_2K = new SyntheticSpec("ctx-2k", 64, 2, 4, 2, 128, 2048, 11, null);
    static final SyntheticSpec CHAT_2K = new SyntheticSpec("ctx-chat-2k", 64, 2, 4, 2, 128, 2048, 11,
            EmbeddedEngineIT.CHATML);

    @TempDir
    static Path dir;
    EmbeddedEngine engine;

    @BeforeAll
    void start() throws IOException {
        ModelStore store = new ModelStore(dir.resolve("models"));
        store.generate(WINDOW_2K, p -> { });
        store.generate(CHAT_2K, p -> { });
        engine = new EmbeddedEngine(EmbeddedConfig.of(store).withThreads(2).withContextSize(2048));
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    @Test
    void promptsHaveTheExactTokenCountTheEngineSeesAndALongerOneDoesNotFit() throws Exception {
        for (String model : new String[] {"ctx-2k", "ctx-chat-2k"}) {
            ModelVariant v = engine.resolve(model, null);
            engine.load(v);
            PromptTokens tokens = engine.promptTokens(v.id());
            assertThat(tokens).isNotNull();
            assertThat(tokens.contextWindow()).isEqualTo(2048);
            Map<Integer, Double> ttft = new LinkedHashMap<>();
            for (int target : new int[] {128, 1024}) {
                ContextPrompt.Outcome p = ContextPrompt.exact(target, tokens.contextWindow(), 8, tokens::count);
                assertThat(p.doesNotFit()).isNull();
                assertThat(p.approximate()).isFalse();
                assertThat(p.tokens()).as(model + " at " + target).isEqualTo(target);
                assertThat(p.text()).endsWith(ContextPrompt.TASK).startsWith("Alice was beginning");
                long t0 = System.nanoTime();
                long[] first = {0};
                ChatResult r = engine.chat(ChatRequest.greedy(v.id(), p.text(), 8, EmbeddedEngineIT.LIMITS),
                        new dev.fleetbench.worker.engine.StreamListener() {
                            @Override
                            public void onRequestSent() {
                            }

                            @Override
                            public void onChunk(ChunkKind kind, String text) {
                                if (first[0] == 0) {
                                    first[0] = System.nanoTime();
                                }
                            }
                        });
                assertThat(r.countedPromptTokens()).as("the engine's own count").isEqualTo(target);
                ttft.put(target, (first[0] - t0) / 1e6);
            }
            System.out.printf("%s TTFT by prompt length: %s ms%n", model, ttft);
            ContextPrompt.Outcome tooLong = ContextPrompt.exact(4096, tokens.contextWindow(), 8, tokens::count);
            assertThat(tooLong.text()).isNull();
            assertThat(tooLong.doesNotFit()).contains("4096 tokens").contains("context window of 2048 tokens");
            engine.unload(v);
        }
    }

    @Test
    void aContextSweepMeasuresEachLengthAndALengthBeyondTheWindowDoesNotFit() {
        dev.fleetbench.common.model.PromptSet sweep = new dev.fleetbench.common.model.PromptSet(java.util.List.of(
                dev.fleetbench.common.model.PromptSpec.context(128, 8),
                dev.fleetbench.common.model.PromptSpec.context(1024, 8),
                dev.fleetbench.common.model.PromptSpec.context(4096, 8)));
        dev.fleetbench.worker.measure.ResourceSampler sampler = new dev.fleetbench.worker.measure.ResourceSampler(
                pid -> java.util.Optional.empty(), System::nanoTime, java.time.Duration.ofMillis(50));
        java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<dev.fleetbench.common.model.Sample> samples = new java.util.ArrayList<>();
        try {
            dev.fleetbench.worker.measure.ModelMeasurement m = new dev.fleetbench.worker.measure.ModelMeasurement(
                    new dev.fleetbench.worker.measure.RequestRunner(System::nanoTime, java.time.Clock.systemUTC(),
                            () -> "s" + ids.incrementAndGet()), sampler, System::nanoTime, ProcessHandle.current().pid());
            ModelVariant v = engine.resolve("ctx-chat-2k", null);
            m.run(engine, v, dev.fleetbench.worker.measure.MeasurementPlan.uniform(sweep, 0, 2,
                            EmbeddedEngineIT.LIMITS, true), dev.fleetbench.worker.measure.Placement.LOCAL,
                    new dev.fleetbench.worker.measure.FingerprintFactory(
                            dev.fleetbench.common.testing.Fixtures.intelDesktop(), engine.info(), "test"),
                    samples::add, dev.fleetbench.worker.measure.PlanListener.NONE, () -> false);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            sampler.close();
        }
        java.util.List<dev.fleetbench.common.model.Sample> measured = samples.stream()
                .filter(s -> s.kind() == dev.fleetbench.common.model.SampleKind.MEASURED).toList();
        assertThat(measured).hasSize(6);
        for (int n : new int[] {128, 1024}) {
            assertThat(measured).filteredOn(s -> s.promptId().equals("context-" + n)).hasSize(2).allSatisfy(s -> {
                assertThat(s.ok()).isTrue();
                assertThat(s.nIn()).isEqualTo(n);
                assertThat(s.contextPrompt().approximate()).as("counted by the model's tokenizer").isFalse();
                assertThat(s.contextPrompt().tokens()).isEqualTo(n);
                assertThat(s.contextPrompt().method()).isEqualTo("counted with the model's tokenizer");
                assertThat(s.ttftMs()).isPositive();
                assertThat(s.prefillTps()).isPositive();
            });
        }
        assertThat(measured).filteredOn(s -> s.promptId().equals("context-4096")).hasSize(2).allSatisfy(s -> {
            assertThat(s.failureCode()).isEqualTo(dev.fleetbench.common.model.FailureCode.DOES_NOT_FIT);
            assertThat(s.failureMessage()).contains("context window of 2048 tokens");
        });
    }

    @Test
    void anUnloadedModelOffersNoTokenizer() {
        assertThat(engine.promptTokens("not-loaded")).isNull();
    }
}
