package dev.fleetbench.worker.engine.openai;

import static dev.fleetbench.worker.engine.StreamListener.ChunkKind.CONTENT;
import static dev.fleetbench.worker.engine.StreamListener.ChunkKind.REASONING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.CachedModel;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.EngineInfo;
import dev.fleetbench.worker.engine.StreamListener;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Successful streams: what reaches the listener and what the result says, for each server dialect. */
@Timeout(20)
class OpenAiEngineStreamTest extends EngineTestSupport {

    @Test
    void sendsTheBenchmarkParametersAndAsksForUsage() throws Exception {
        engine.chat(new ChatRequest("phi-4-mini:4", List.of(new dev.fleetbench.worker.engine.ChatMessage("system",
                "Be brief."), dev.fleetbench.worker.engine.ChatMessage.user("Hi")), 17, 0.0, 1234, GENEROUS, null),
                StreamListener.NONE);
        JsonNode body = ChunkDecoder.MAPPER.readTree(server.lastTrace().requestBody);
        assertThat(body.get("model").asText()).isEqualTo("phi-4-mini:4");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(17);
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.0);
        assertThat(body.get("seed").asLong()).isEqualTo(1234);
        assertThat(body.get("messages").toString())
                .isEqualTo("[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]");
    }

    @Test
    void usageInTheLastChunk() throws Exception {
        server.script(Script.tokens("Hello", ",", " world").usage(Script.Usage.IN_LAST_CHUNK));
        TimelineRecorder rec = new TimelineRecorder();
        ChatResult r = engine.chat(request(GENEROUS), rec);
        assertThat(rec.kinds()).containsExactly(CONTENT, CONTENT, CONTENT);
        assertThat(rec.text(CONTENT)).isEqualTo("Hello, world");
        assertThat(rec.sends()).isEqualTo(1);
        assertThat(r.finishReason()).isEqualTo("stop");
        assertThat(r.usagePromptTokens()).isEqualTo(Script.PROMPT_TOKENS);
        assertThat(r.usageOutputTokens()).isEqualTo(3);
        assertThat(r.countedOutputTokens()).isNull();
        assertThat(server.hits("POST /tokenize")).isZero();
    }

    @Test
    void usageInAFinalChunkWithEmptyChoices() throws Exception {
        server.script(Script.tokens("a", "b").usage(Script.Usage.SEPARATE_CHUNK));
        TimelineRecorder rec = new TimelineRecorder();
        ChatResult r = engine.chat(request(GENEROUS), rec);
        assertThat(rec.chunks()).hasSize(2);
        assertThat(r.usageOutputTokens()).isEqualTo(2);
        assertThat(r.usagePromptTokens()).isEqualTo(Script.PROMPT_TOKENS);
    }

    @Test
    void usageAbsentAndNoTokenizerLeavesCountsNullAndProbesOnce() throws Exception {
        server.script(Script.tokens("a", "b").usage(Script.Usage.NONE));
        ChatResult r = engine.chat(request(GENEROUS), StreamListener.NONE);
        assertThat(r.usagePromptTokens()).isNull();
        assertThat(r.usageOutputTokens()).isNull();
        assertThat(r.countedPromptTokens()).isNull();
        assertThat(r.countedOutputTokens()).isNull();
        engine.chat(request(GENEROUS), StreamListener.NONE);
        assertThat(server.hits("POST /tokenize")).isEqualTo(1);
        assertThat(server.hits("POST /apply-template")).isEqualTo(1);
    }

    @Test
    void usageAbsentIsCountedWithTheLlamaCppTokenizer() throws Exception {
        server.script(Script.tokens("Hello", " there").usage(Script.Usage.NONE))
                .route("POST /apply-template", 200, "{\"prompt\":\"<|user|>Say hello<|end|><|assistant|>\"}")
                .route("POST /tokenize", 200, "{\"tokens\":[1,2,3,4]}");
        ChatResult r = engine.chat(request(GENEROUS), StreamListener.NONE);
        assertThat(r.usageOutputTokens()).isNull();
        assertThat(r.countedPromptTokens()).isEqualTo(4);
        assertThat(r.countedOutputTokens()).isEqualTo(4);
        JsonNode sent = ChunkDecoder.MAPPER.readTree(server.lastTrace().requestBody);
        assertThat(sent.get("stream").asBoolean()).isTrue();
        engine.chat(request(GENEROUS), StreamListener.NONE);
        assertThat(server.hits("POST /tokenize")).as("same prompt and answer: counted once").isEqualTo(2);
    }

    @Test
    void reasoningThenContentReachTheListenerInOrder() throws Exception {
        server.script(Script.tokens("Four", ".").reasoning("Two", " plus", " two"));
        TimelineRecorder rec = new TimelineRecorder();
        ChatResult r = engine.chat(request(GENEROUS), rec);
        assertThat(rec.kinds()).containsExactly(REASONING, REASONING, REASONING, CONTENT, CONTENT);
        assertThat(rec.text(REASONING)).isEqualTo("Two plus two");
        assertThat(rec.text(CONTENT)).isEqualTo("Four.");
        assertThat(r.usageOutputTokens()).isEqualTo(5);
        assertThat(rec.timeline(System.nanoTime()).firstContentNanos()).isEqualTo(rec.chunks().get(3).nanos());
    }

    @Test
    void llamaCppTimingsAreCaptured() throws Exception {
        server.script(Script.tokens("x", "y", "z").timings(true).usage(Script.Usage.IN_LAST_CHUNK));
        ChatResult r = engine.chat(request(GENEROUS), StreamListener.NONE);
        assertThat(r.engineTimings()).containsEntry("prompt_n", (double) Script.PROMPT_TOKENS)
                .containsEntry("prompt_ms", 12.5).containsEntry("predicted_n", 3.0)
                .containsEntry("predicted_ms", 123.4).containsKeys("predicted_per_token_ms", "prompt_per_token_ms",
                        "predicted_per_second", "prompt_per_second");
    }

    @Test
    void legacyFoundryStreamIsTolerated() throws Exception {
        server.script(Script.tokens("The", " sky", " is", " blue.").legacyKeys(true).finishReason(false)
                .usage(Script.Usage.NONE));
        TimelineRecorder rec = new TimelineRecorder();
        ChatResult r = engine.chat(request(GENEROUS), rec);
        assertThat(rec.text(CONTENT)).as("message duplicated next to delta is not counted twice")
                .isEqualTo("The sky is blue.");
        assertThat(rec.chunks()).hasSize(4);
        assertThat(r.finishReason()).isNull();
        assertThat(r.usageOutputTokens()).isNull();
    }

    @Test
    void roleOnlyAndEmptyChunksAreNotTokenChunks() throws Exception {
        server.script(Script.raw(
                "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n",
                "data: {\"choices\":[{\"delta\":{}}]}\n\n",
                ": keep-alive\n\n",
                "data: {\"choices\":[{\"delta\":{\"content\":\"A\"}}]}\n\n",
                "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
                "data: [DONE]\n\n"));
        TimelineRecorder rec = new TimelineRecorder();
        engine.chat(request(GENEROUS), rec);
        assertThat(rec.chunks()).extracting(TimelineRecorder.Received::text).containsExactly("A");
    }

    @Test
    void aChunkSplitAcrossWritesIsReportedOnceWhenComplete() throws Exception {
        server.script(Script.raw("data: {\"choices\":[{\"delta\":{\"con", "tent\":\"A\"}}]}\r\n", "\r\n",
                "data: {\"choices\":[{\"delta\":{\"content\":\"B\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
        TimelineRecorder rec = new TimelineRecorder();
        engine.chat(request(GENEROUS), rec);
        assertThat(rec.chunks()).extracting(TimelineRecorder.Received::text).containsExactly("A", "B");
    }

    @Test
    void endOfBodyWithoutDoneAfterAFinishReasonIsFine() throws Exception {
        server.script(Script.tokens("a", "b").done(false).usage(Script.Usage.NONE));
        ChatResult r = engine.chat(request(GENEROUS), StreamListener.NONE);
        assertThat(r.finishReason()).isEqualTo("stop");
    }

    @Test
    void streamOptionsRejectionIsRetriedOnceWithoutAndRemembered() throws Exception {
        server.script(Script.tokens("ok").usage(Script.Usage.NONE).rejectStreamOptions());
        TimelineRecorder rec = new TimelineRecorder();
        engine.chat(request(GENEROUS), rec);
        assertThat(rec.text(CONTENT)).isEqualTo("ok");
        assertThat(rec.sends()).as("t_send is taken again for the retry").isEqualTo(2);
        assertThat(server.hits("POST /v1/chat/completions")).isEqualTo(2);
        assertThat(server.lastTrace().requestBody).doesNotContain("stream_options");
        engine.chat(request(GENEROUS), StreamListener.NONE);
        assertThat(server.hits("POST /v1/chat/completions")).as("remembered: no second rejection").isEqualTo(3);
    }

    @Test
    void reusesOneConnectionForConsecutiveRequests() throws Exception {
        int before = server.connectionsOpened();
        for (int i = 0; i < 3; i++) {
            engine.chat(request(GENEROUS), StreamListener.NONE);
        }
        assertThat(server.connectionsOpened() - before).isEqualTo(1);
    }

    @Test
    void catalogCacheAndLoadedComeFromV1Models() throws Exception {
        server.route("GET /v1/models", 200, "{\"object\":\"list\",\"IsDelta\":false,\"Successful\":true,"
                + "\"HttpStatusCode\":200,\"data\":[{\"id\":\"stories260K.gguf\",\"object\":\"model\","
                + "\"owned_by\":\"llamacpp\",\"meta\":{\"n_params\":292480,\"size\":1185376}},"
                + "{\"id\":\"qwen2.5-0.5b\",\"object\":\"model\",\"created\":1}]}");
        assertThat(engine.catalog()).containsExactly(
                new ModelVariant("stories260K.gguf", "stories260K.gguf", DeviceType.CPU, null, 1185376, 292480, null),
                new ModelVariant("qwen2.5-0.5b", "qwen2.5-0.5b", DeviceType.CPU, null, 0, 0, null));
        assertThat(engine.cached()).containsExactly(new CachedModel("stories260K.gguf", 1185376, null),
                new CachedModel("qwen2.5-0.5b", 0, null));
        assertThat(engine.loaded()).containsExactly("stories260K.gguf", "qwen2.5-0.5b");
        assertThat(engine.resolve("QWEN2.5-0.5B", null).id()).isEqualTo("qwen2.5-0.5b");
        ModelVariant v = engine.catalog().get(0);
        assertThat(engine.download(v, null).alreadyCached()).isTrue();
        engine.load(v);
        engine.unload(v);
        // the scripted server listens on loopback inside this JVM: the process behind the endpoint's port is found
        assertThat(engine.engineProcessId()).hasValue(ProcessHandle.current().pid());
    }

    @Test
    void infoNamesTheEndpointAndTheLlamaCppBuild() {
        server.route("GET /props", 200, "{\"default_generation_settings\":{},\"build_info\":\"b4916-7ad0779f\"}");
        assertThat(engine.info()).isEqualTo(new EngineInfo("openai", "llama.cpp b4916-7ad0779f", server.endpoint()));
        assertThat(engine.info().version()).isEqualTo("llama.cpp b4916-7ad0779f");
        assertThat(server.hits("GET /props")).as("probed once").isEqualTo(1);
    }

    @Test
    void infoReadsVersionRoutesOfOtherServersOrSaysNothing() {
        server.route("GET /api/version", 200, "{\"version\":\"0.5.7\"}");
        assertThat(engine.info().version()).isEqualTo("ollama 0.5.7");
        OpenAiEngine other = OpenAiEngine.forEndpoint(server.endpoint() + "/v1/");
        try {
            server.reset();
            assertThat(other.info()).isEqualTo(new EngineInfo("openai", null, server.endpoint()));
        } finally {
            other.close();
        }
    }
}
