package dev.fleetbench.worker.engine.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.ChatMessage;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.DownloadResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.StreamListener;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.gguf.ModelStore;
import dev.fleetbench.worker.gguf.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Real inference through the binding, on the bundled stories260K and on tiny synthetic models only (fast). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedEngineIT {

    static final String STORY = ", there was a little girl named Lily. She loved to play outside in the park."
            + " One day, she saw";
    static final Timeouts LIMITS = Timeouts.ofTotal(Duration.ofSeconds(30));
    static final SyntheticSpec TINY = new SyntheticSpec("tiny", 128, 4, 4, 2, 384, 2048, 7, null);
    static final String CHATML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + "
            + "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

    @TempDir
    static Path dir;
    ModelStore store;
    EmbeddedEngine engine;

    @BeforeAll
    void start() throws IOException {
        store = new ModelStore(dir.resolve("models"));
        store.generate(TINY, p -> { });
        store.generate(new SyntheticSpec("tiny-chat", 64, 2, 4, 2, 128, 512, 7, CHATML), p -> { });
        engine = new EmbeddedEngine(EmbeddedConfig.of(store).withThreads(2).withContextSize(512));
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    /** Records chunks and checks that t_send came first. */
    static final class Recorder implements StreamListener {
        final List<String> chunks = new ArrayList<>();
        boolean sent;

        @Override
        public void onRequestSent() {
            assertThat(chunks).isEmpty();
            sent = true;
        }

        @Override
        public void onChunk(ChunkKind kind, String text) {
            assertThat(sent).isTrue();
            assertThat(kind).isEqualTo(ChunkKind.CONTENT);
            assertThat(text).isNotEmpty();
            chunks.add(text);
        }

        String text() {
            return String.join("", chunks);
        }
    }

    @Test
    void stories260KContinuesTheReferenceStoryGreedily() throws EngineException {
        ModelVariant v = engine.resolve("stories260k", DeviceType.CPU);
        engine.load(v);
        engine.load(v);
        Recorder r = new Recorder();

        ChatResult res = engine.chat(ChatRequest.greedy(v.id(), "Once upon a time", 32, LIMITS), r);

        assertThat(r.text()).isEqualTo(STORY);
        assertThat(r.chunks.size()).isGreaterThan(20);
        assertThat(res.countedOutputTokens()).isEqualTo(32);
        assertThat(res.countedPromptTokens()).isEqualTo(5); // BOS + 4
        assertThat(res.finishReason()).isEqualTo("length");
        // llama.cpp's own timings, read from its log on this machine
        assertThat(res.engineTimings()).containsEntry("eval_tokens", 32.0).containsEntry("prompt_eval_tokens", 5.0)
                .containsKeys("eval_ms", "prompt_eval_ms", "eval_per_token_ms");
        assertThat(res.usageOutputTokens()).isEqualTo(32);
        assertThat(engine.loaded()).containsExactly("stories260K");

        // the same again: no prompt cache, same answer, a second timing block
        ChatResult again = engine.chat(ChatRequest.greedy(v.id(), "Once upon a time", 32, LIMITS), new Recorder());
        assertThat(again.engineTimings()).containsEntry("prompt_eval_tokens", 5.0);
    }

    @Test
    void catalogListsFilesAndPresetsAndInfoNamesTheBuild() throws EngineException {
        List<ModelVariant> catalog = engine.catalog();

        ModelVariant stories = catalog.stream().filter(v -> v.id().equals("stories260K")).findFirst().orElseThrow();
        assertThat(stories.alias()).isEqualTo("stories260k");
        assertThat(stories.deviceType()).isEqualTo(DeviceType.CPU);
        assertThat(stories.executionProvider()).isEqualTo("llama.cpp-cpu");
        assertThat(stories.fileSizeBytes()).isEqualTo(1_185_376L);
        assertThat(stories.parameterCount()).isEqualTo(292_800L);
        assertThat(stories.quantization()).isEqualTo("F32");
        assertThat(catalog).extracting(ModelVariant::id).contains("tiny", "synthetic-8m", "synthetic-120m");
        assertThat(engine.info().kind()).isEqualTo("embedded");
        // the same text before and after a load (it goes into every sample's fingerprint)
        assertThat(engine.info().version()).isEqualTo("llama.cpp b4916 (de.kherud:llama 4.1.0)");
        assertThat(engine.engineProcessId()).hasValue(ProcessHandle.current().pid());
    }

    @Test
    void aSyntheticModelGeneratesExactlyMaxTokens() throws EngineException {
        ModelVariant v = engine.resolve("tiny", null);
        assertThat(v.parameterCount()).isEqualTo(TINY.parameterCount(
                dev.fleetbench.worker.gguf.SyntheticModels.vocabularySize()));
        engine.load(v);
        Recorder r = new Recorder();

        ChatResult res = engine.chat(ChatRequest.greedy("tiny", "Once upon a time", 40, LIMITS), r);

        assertThat(res.engineTimings()).containsEntry("eval_tokens", 40.0);
        assertThat(res.countedOutputTokens()).isEqualTo(40);
        assertThat(res.finishReason()).isEqualTo("length");
        assertThat(r.text()).matches("( [A-Za-z]+|[.,!?])+");
    }

    @Test
    void aModelWithAChatTemplateIsRenderedByLlamaCpp() throws EngineException {
        engine.load(engine.resolve("tiny-chat", null));
        ChatRequest req = new ChatRequest("tiny-chat", List.of(new ChatMessage("system", "Be brief."),
                ChatMessage.user("Once upon a time")), 8, 0, 1, LIMITS, null);

        ChatResult res = engine.chat(req, new Recorder());

        // ChatML markup around the two messages makes the prompt far longer than the 5 plain tokens
        assertThat(res.countedPromptTokens()).isGreaterThan(20);
        assertThat(res.engineTimings().get("prompt_eval_tokens")).isEqualTo((double) res.countedPromptTokens());
    }

    @Test
    void cancellationStopsTheStreamAndTheEngineStaysUsable() throws EngineException {
        engine.load(engine.resolve("tiny", null));
        AtomicInteger seen = new AtomicInteger();
        StreamListener counting = new StreamListener() {
            @Override
            public void onRequestSent() {
            }

            @Override
            public void onChunk(ChunkKind kind, String text) {
                seen.incrementAndGet();
            }
        };
        ChatRequest req = new ChatRequest("tiny", List.of(ChatMessage.user("Once")), 200, 0, 1, LIMITS,
                () -> seen.get() >= 3);

        assertFails(() -> engine.chat(req, counting), FailureCode.CANCELLED);
        assertThat(seen.get()).isEqualTo(3);
        ChatResult after = engine.chat(ChatRequest.greedy("tiny", "Once", 5, LIMITS), new Recorder());
        assertThat(after.countedOutputTokens()).isEqualTo(5);
    }

    @Test
    void timeLimitsAndContextAreEnforced() throws EngineException {
        engine.load(engine.resolve("tiny", null));
        ChatRequest slow = ChatRequest.greedy("tiny", "Once", 400, Timeouts.ofTotal(Duration.ofMillis(20)));
        assertFails(() -> engine.chat(slow, new Recorder()), FailureCode.TIMEOUT);

        ChatRequest tooLong = ChatRequest.greedy("tiny", "Once", 600, LIMITS);
        assertFails(() -> engine.chat(tooLong, new Recorder()), FailureCode.CONTEXT_OVERFLOW);
        assertFails(() -> engine.chat(ChatRequest.greedy("stories260K", "Once", 5, LIMITS), new Recorder()),
                FailureCode.INVALID_INPUT);
    }

    @Test
    void corruptAndTruncatedFilesAreInvalidNamingTheFile() throws Exception {
        Path junk = store.dir().resolve("junk.gguf");
        Files.write(junk, "this is not a model".repeat(10).getBytes());
        byte[] stories = Files.readAllBytes(store.installBundled());
        Path cut = store.dir().resolve("cut.gguf");
        Files.write(cut, Arrays.copyOf(stories, stories.length / 2));
        try {
            List<ModelVariant> catalog = engine.catalog();
            assertThat(catalog).extracting(ModelVariant::id).doesNotContain("junk", "cut");
            assertThat(engine.catalogProblems()).anyMatch(p -> p.contains(junk.toString()))
                    .anyMatch(p -> p.contains(cut.toString()));

            for (Path bad : List.of(junk, cut)) {
                String id = ModelStore.idOf(bad);
                assertThatThrownBy(() -> engine.load(new ModelVariant(id, id, DeviceType.CPU, null, 0, 0, null)))
                        .isInstanceOfSatisfying(EngineException.class, e -> {
                            assertThat(e.code()).isEqualTo(FailureCode.MODEL_INVALID);
                            assertThat(e.getMessage()).contains(bad.toString());
                        });
            }
        } finally {
            Files.delete(junk);
            Files.delete(cut);
        }
    }

    @Test
    void unknownModelsAreNotFound() {
        assertFails(() -> engine.resolve("no-such-model", null), FailureCode.MODEL_NOT_FOUND);
        ModelVariant ghost = new ModelVariant("ghost", "ghost", DeviceType.CPU, null, 0, 0, null);
        assertFails(() -> engine.load(ghost), FailureCode.MODEL_NOT_FOUND);
        assertFails(() -> engine.download(ghost, (p, d) -> { }), FailureCode.MODEL_NOT_FOUND);
    }

    @Test
    void downloadGeneratesAPresetOnce() throws EngineException {
        ModelVariant v = engine.resolve("synthetic-8m", null);
        List<Double> progress = new ArrayList<>();

        DownloadResult first = engine.download(v, (p, d) -> progress.add(p));
        DownloadResult second = engine.download(v, (p, d) -> { });

        assertThat(first.alreadyCached()).isFalse();
        assertThat(first.bytes()).isGreaterThan(30_000_000L);
        assertThat(progress).isNotEmpty().isSorted();
        assertThat(second.alreadyCached()).isTrue();
        assertThat(engine.cached()).extracting(c -> c.id()).contains("synthetic-8m", "stories260K", "tiny");
    }

    @Test
    void unloadReleasesTheModel() throws EngineException {
        ModelVariant v = engine.resolve("tiny", null);
        engine.load(v);
        engine.unload(v);
        engine.unload(v);
        assertThat(engine.loaded()).isEmpty();
    }

    static void assertFails(ThrowingCallable call, FailureCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
