package dev.fleetbench.worker.testing;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.CachedModel;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.DownloadListener;
import dev.fleetbench.worker.engine.DownloadResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.EngineInfo;
import dev.fleetbench.worker.engine.InferenceEngine;
import dev.fleetbench.worker.engine.StreamListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An engine that plays a script on a {@link FakeClock}: a time to first token, then tokens at a fixed gap. It
 * records every call so tests can check the order of a plan. Failure modes are switched on per test.
 */
public final class ScriptedEngine implements InferenceEngine {

    public static final ModelVariant MODEL = new ModelVariant("tiny-1", "tiny", DeviceType.CPU, "test-ep", 1000, 10, "F32");

    public final FakeClock clock;
    public final List<String> calls = new ArrayList<>();
    public double ttftMs = 100;
    public double gapMs = 10;
    public int tokens = 5;
    public boolean cached = true;
    public EngineException loadFailure;
    public EngineException chatFailureAfterTokens;
    public int failAfterTokens = -1;
    public RuntimeException defect;
    public Integer usageOut = null;
    /** Engine timings of every answer. */
    public Map<String, Double> timings = Map.of("eval_ms", 1.5);

    public ScriptedEngine(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo("scripted", "1.0", null);
    }

    @Override
    public List<ModelVariant> catalog() {
        return List.of(MODEL);
    }

    @Override
    public List<CachedModel> cached() {
        return cached ? List.of(new CachedModel(MODEL.id(), 1000, null)) : List.of();
    }

    @Override
    public List<String> loaded() {
        return List.of();
    }

    @Override
    public DownloadResult download(ModelVariant variant, DownloadListener listener) {
        calls.add("download");
        clock.advanceMs(500);
        listener.onProgress(100, "tiny.bin");
        cached = true;
        return new DownloadResult(false, 1000L);
    }

    @Override
    public void load(ModelVariant variant) throws EngineException {
        calls.add("load");
        clock.advanceMs(250);
        if (loadFailure != null) {
            throw loadFailure;
        }
    }

    @Override
    public void unload(ModelVariant variant) {
        calls.add("unload");
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) throws EngineException {
        calls.add("chat:" + request.messages().get(0).content());
        if (defect != null) {
            throw defect;
        }
        listener.onRequestSent();
        clock.advanceMs(ttftMs);
        for (int i = 0; i < tokens; i++) {
            if (i > 0) {
                clock.advanceMs(gapMs);
            }
            if (i == failAfterTokens) {
                throw chatFailureAfterTokens;
            }
            listener.onChunk(StreamListener.ChunkKind.CONTENT, "t" + i + " ");
        }
        clock.advanceMs(1);
        return new ChatResult(tokens > 0 ? "stop" : null, 7, usageOut, null, null, timings);
    }

    @Override
    public OptionalLong engineProcessId() {
        return OptionalLong.of(4242);
    }

    @Override
    public void close() {
    }
}
