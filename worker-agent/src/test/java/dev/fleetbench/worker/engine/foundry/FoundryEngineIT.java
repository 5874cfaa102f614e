package dev.fleetbench.worker.engine.foundry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.DownloadResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.StreamListener;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.engine.foundry.testdouble.FoundryDouble;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The engine against the double: catalog, cache, download, load, chat with the legacy quirks, self-healing. */
@DisabledOnOs(OS.WINDOWS)
class FoundryEngineIT {

    static final String CPU = "Phi-4-mini-instruct-generic-cpu:4";
    static final Timeouts LIMITS = Timeouts.ofTotal(Duration.ofSeconds(20));

    @TempDir
    Path dir;
    FoundryDouble d;
    FoundryEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        if (d != null) {
            d.close();
        }
    }

    private void start(FoundryDouble.Api api, FoundryDouble.Cli cli) throws Exception {
        d = DoubleSupport.started(api, cli, dir);
        engine = DoubleSupport.engine(d);
    }

    /** Records what the measurement would see. */
    static final class Recorder implements StreamListener {
        final List<String> chunks = new CopyOnWriteArrayList<>();
        int sent;
        boolean ended;

        @Override
        public void onRequestSent() {
            sent++;
        }

        @Override
        public void onChunk(ChunkKind kind, String text) {
            chunks.add(text);
        }

        @Override
        public void onStreamEnd() {
            ended = true;
        }
    }

    private ModelVariant ready(String aliasOrId, DeviceType device) throws Exception {
        ModelVariant v = engine.resolve(aliasOrId, device);
        engine.download(v, (p, f) -> { });
        engine.load(v);
        return v;
    }

    @Test
    void catalogComesInTheServicesOrderWithDevicesAndProviders() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        List<ModelVariant> catalog = engine.catalog();
        assertThat(catalog).hasSize(8);
        assertThat(catalog.get(0).id()).isEqualTo("Phi-4-mini-instruct-vitis-npu:2");
        assertThat(catalog.get(0).deviceType()).isEqualTo(DeviceType.NPU);
        assertThat(catalog.get(0).executionProvider()).isEqualTo("VitisAIExecutionProvider");
        assertThat(engine.cached()).isEmpty();
    }

    @Test
    void downloadReportsProgressThenTheModelIsCachedWithItsDiskUse() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        ModelVariant v = engine.resolve("phi-4-mini", DeviceType.CPU);
        List<Double> progress = new ArrayList<>();
        DownloadResult r = engine.download(v, (pct, file) -> progress.add(pct));
        assertThat(r.alreadyCached()).isFalse();
        assertThat(r.bytes()).isEqualTo(64 * 1024L);
        assertThat(progress).containsExactly(0.0, 12.5, 37.25, 61.5, 88.75, 100.0);
        assertThat(engine.cached()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(CPU);
            assertThat(c.location()).contains("Microsoft");
        });
        assertThat(engine.download(v, (p, f) -> { }).alreadyCached()).isTrue();
        CacheReport report = engine.cacheReport();
        assertThat(report.location()).isEqualTo(d.cacheDir().toString());
        assertThat(report.usedBytes()).isEqualTo(64 * 1024L);
        assertThat(report.freeBytes()).isPositive();
        assertThat(d.requests()).contains("POST /openai/download");
    }

    @Test
    void aFailedDownloadCarriesTheServicesReason() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        d.quirks.failDownload = true;
        ModelVariant v = engine.resolve(CPU, null);
        EngineException e = catchThrowableOfType(EngineException.class, () -> engine.download(v, (p, f) -> { }));
        assertThat(e.code()).isEqualTo(FailureCode.DOWNLOAD_FAILED);
        assertThat(e.getMessage()).contains("connection to the model registry was reset");
        assertThat(engine.cached()).isEmpty();
    }

    @Test
    void loadingAnUncachedModelSaysToDownloadItFirst() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        ModelVariant v = engine.resolve(CPU, null);
        EngineException e = catchThrowableOfType(EngineException.class, () -> engine.load(v));
        assertThat(e.code()).isEqualTo(FailureCode.MODEL_NOT_FOUND);
        assertThat(e.getMessage()).contains("not downloaded").contains(CPU).contains("No OpenAIService provider found");
    }

    @Test
    void aLoadFailureIsLoadFailedWithTheServiceText() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        d.markCached(CPU);
        d.quirks.failLoad = true;
        EngineException e = catchThrowableOfType(EngineException.class, () -> engine.load(engine.resolve(CPU, null)));
        assertThat(e.code()).isEqualTo(FailureCode.LOAD_FAILED);
        assertThat(e.getMessage()).contains("OutOfMemoryException");
    }

    @Test
    void unknownAliasAndMissingDeviceAndBadIds() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        EngineException unknown = catchThrowableOfType(EngineException.class, () -> engine.resolve("llama-9000", null));
        assertThat(unknown.code()).isEqualTo(FailureCode.MODEL_NOT_FOUND);
        assertThat(unknown.getMessage()).contains("'llama-9000' is not in the Foundry Local catalog").contains("phi-4-mini");
        EngineException device = catchThrowableOfType(EngineException.class,
                () -> engine.resolve("qwen2.5-0.5b", DeviceType.NPU));
        assertThat(device.code()).isEqualTo(FailureCode.MODEL_NOT_FOUND);
        assertThat(device.getMessage()).contains("no NPU variant").contains("[GPU, CPU]");
        int before = d.requests().size();
        EngineException bad = catchThrowableOfType(EngineException.class, () -> engine.resolve("x; rm -rf /", null));
        assertThat(bad.code()).isEqualTo(FailureCode.INVALID_INPUT);
        assertThat(d.requests()).hasSize(before);
    }

    @Test
    void resolutionIsRecordedWithTheHardwareProfileAndLoadSendsTtlAndCudaOverride() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        ModelVariant npu = engine.resolve("phi-4-mini", null);
        assertThat(npu.id()).isEqualTo("Phi-4-mini-instruct-vitis-npu:2");
        assertThat(engine.lastChoice().deviceInProfile()).isFalse(); // the desktop fixture has no NPU
        assertThat(engine.drainEvents()).anyMatch(e -> e.contains("resolved 'phi-4-mini' to Phi-4-mini-instruct-vitis-npu:2")
                && e.contains("WARNING"));
        ModelVariant gpu = engine.resolve("Phi-4-mini-instruct-generic-gpu", null);
        d.markCached(gpu.id());
        d.markCached(CPU);
        engine.load(engine.resolve(CPU, null));
        engine.load(gpu);
        assertThat(d.requests()).contains("GET /openai/load/Phi-4-mini-instruct-generic-gpu:5?ttl=600&ep=cuda",
                "GET /openai/load/" + CPU + "?ttl=600", "GET /openai/unload/" + CPU + "?force=true");
        assertThat(engine.loaded()).containsExactly(gpu.id());
        assertThat(engine.drainEvents()).anyMatch(e -> e.contains("unloaded " + CPU + " before loading"));
        engine.unload(gpu);
        assertThat(engine.loaded()).isEmpty();
    }

    @Test
    void legacyStreamWithAllQuirksCountsTokensWithTheServicesRoute() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        ModelVariant v = ready("stories-260k", null);
        Recorder rec = new Recorder();
        ChatResult r = engine.chat(ChatRequest.greedy(v.id(), "Once upon a time", 16, LIMITS), rec);
        assertThat(rec.chunks).hasSize(16);
        assertThat(String.join("", rec.chunks)).startsWith(", there was a little girl");
        assertThat(r.finishReason()).isNull(); // 0.8.119 sends none
        assertThat(r.usageOutputTokens()).isNull();
        assertThat(r.countedOutputTokens()).isBetween(14, 18);
        assertThat(r.countedPromptTokens()).isPositive();
        assertThat(rec.ended).isTrue();
        assertThat(d.requests()).contains("POST " + FoundryTokenCounter.PATH);
    }

    @Test
    void withoutTheCountRouteTheResultHasNoCounts() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        d.quirks.countRoute = false;
        ModelVariant v = ready("stories-260k", null);
        ChatResult r = engine.chat(ChatRequest.greedy(v.id(), "Once upon a time", 8, LIMITS), new Recorder());
        assertThat(r.countedOutputTokens()).isNull(); // the measurement then counts chunks: tokens_approximate
    }

    @Test
    void anErrorEventMidStreamIsAnEngineError() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        ModelVariant v = ready("stories-260k", null);
        d.quirks.errorAfterTokens = 3;
        Recorder rec = new Recorder();
        EngineException e = catchThrowableOfType(EngineException.class,
                () -> engine.chat(ChatRequest.greedy(v.id(), "Once upon a time", 16, LIMITS), rec));
        assertThat(e.code()).isEqualTo(FailureCode.ENGINE_ERROR);
        assertThat(e.getMessage()).contains("execution provider reported an error");
        assertThat(rec.chunks).hasSize(3);
    }

    @Test
    void aServiceThatDiesMidStreamIsRestartedAndTheNextRequestWorks() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        ModelVariant v = ready("stories-260k", null);
        engine.drainEvents();
        int port = d.port();
        d.quirks.dieAfterTokens = 4;
        Recorder broken = new Recorder();
        EngineException e = catchThrowableOfType(EngineException.class,
                () -> engine.chat(ChatRequest.greedy(v.id(), "Once upon a time", 16, LIMITS), broken));
        assertThat(e.code()).isEqualTo(FailureCode.CONNECTION_RESET);
        assertThat(e.getMessage()).contains("went down mid-stream and was brought back");
        assertThat(broken.chunks).hasSize(4);
        assertThat(d.cliCalls()).contains("service restart");
        assertThat(d.port()).isNotEqualTo(port);
        assertThat(d.loadedIds()).containsExactly(v.id()); // reloaded after the restart
        assertThat(engine.drainEvents()).anyMatch(x -> x.contains("stopped answering"))
                .anyMatch(x -> x.contains("reloaded " + v.id())).anyMatch(x -> x.contains("not retried"));
        d.quirks.dieAfterTokens = -1;
        Recorder ok = new Recorder();
        engine.chat(ChatRequest.greedy(v.id(), "Once upon a time", 8, LIMITS), ok);
        assertThat(ok.chunks).hasSize(8);
    }

    @Test
    void aServiceThatStoppedBeforeTheRequestIsStartedAndTheRequestRetried() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        ModelVariant v = ready("stories-260k", null);
        d.stopService();
        Recorder rec = new Recorder();
        engine.chat(ChatRequest.greedy(v.id(), "Once upon a time", 8, LIMITS), rec);
        assertThat(rec.chunks).hasSize(8);
        assertThat(rec.sent).isEqualTo(2); // the refused attempt and the retry
        assertThat(d.cliCalls()).contains("service start");
        assertThat(engine.drainEvents()).anyMatch(x -> x.contains("reloaded"));
    }

    @Test
    void removeFreesTheCache() throws Exception {
        start(FoundryDouble.Api.G1, FoundryDouble.Cli.LEGACY);
        ModelVariant v = ready(CPU, null);
        engine.unload(v);
        engine.remove(v);
        assertThat(engine.cached()).isEmpty();
        assertThat(d.cliCalls()).contains("cache remove " + CPU + " --yes");
        engine.remove(v); // not cached: nothing to do
    }

    @Test
    void runtime2StreamsOpenAiConformantWithUsage() throws Exception {
        start(FoundryDouble.Api.G3, FoundryDouble.Cli.CURRENT);
        ModelVariant v = ready("stories-260k", null);
        assertThat(d.cliCalls()).contains("model list", "model download stories-260k-generic-cpu:1");
        ChatResult r = engine.chat(ChatRequest.greedy(v.id(), "Once upon a time", 8, LIMITS), new Recorder());
        assertThat(r.finishReason()).isEqualTo("length");
        assertThat(r.usageOutputTokens()).isEqualTo(8);
        assertThat(engine.loaded()).containsExactly(v.id());
        assertThat(d.requests()).contains("GET /models/load/stories-260k").doesNotContain("GET /models/load/stories-260k-generic-cpu:1");
        EngineException notLoaded = catchThrowableOfType(EngineException.class, () -> engine.chat(
                ChatRequest.greedy(CPU, "hi", 4, LIMITS), new Recorder()));
        assertThat(notLoaded.code()).isEqualTo(FailureCode.MODEL_NOT_FOUND);
        assertThat(notLoaded.getMessage()).contains("Model not loaded");
    }

    @Test
    void core1LoadOfAnUncachedModelAndCacheFromTheCliTable() throws Exception {
        start(FoundryDouble.Api.G2, FoundryDouble.Cli.CURRENT);
        ModelVariant v = engine.resolve("qwen2.5-0.5b", DeviceType.CPU);
        EngineException e = catchThrowableOfType(EngineException.class, () -> engine.load(v));
        assertThat(e.code()).isEqualTo(FailureCode.MODEL_NOT_FOUND);
        assertThat(e.getMessage()).contains("Model not cached");
        List<Double> progress = new ArrayList<>();
        engine.download(v, (p, f) -> progress.add(p));
        assertThat(progress).contains(100.0);
        assertThat(engine.cached()).extracting(c -> c.id()).containsExactly(v.id());
        assertThat(engine.cacheReport().location()).isEqualTo(d.cacheDir().toString());
    }
}
