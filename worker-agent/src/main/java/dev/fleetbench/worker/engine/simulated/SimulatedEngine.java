package dev.fleetbench.worker.engine.simulated;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A zero-cost engine for load tests of the coordinator (a thousand virtual workers in a few JVMs) and for scenario
 * tests with known answers: it streams {@code maxTokens} tokens at a fixed pace and computes nothing. Its answer
 * echoes the words of the prompt in turn (so a check on a prompt word passes), except the model's blind spots, which
 * it answers with "tok" instead (so a check on them fails): known timings and known answers. Its kind is "simulated"
 * in every fingerprint, so its samples can never be mistaken for a real model's. Not for measuring models.
 */
public final class SimulatedEngine implements InferenceEngine {

    private final List<ModelVariant> catalog;
    private final long ttftNanos;
    private final java.util.Map<String, Long> tokenNanos = new java.util.HashMap<>();
    private final java.util.Map<String, java.util.Set<String>> blindSpots = new java.util.HashMap<>();
    private String loaded;

    /**
     * @param models    model ids to offer (CPU variants), each as {@code id[:tokenMs[:parameters[:blind+spots]]]}:
     *                  its own pace, its parameter count (0 = unknown, and then no file size either; default 1M), and
     *                  the prompt words it never says
     * @param ttftMs    delay before the first token
     * @param tokenMs   delay between tokens for models without their own pace (0 = as fast as possible)
     */
    public SimulatedEngine(List<String> models, double ttftMs, double tokenMs) {
        List<ModelVariant> c = new ArrayList<>();
        for (String spec : models) {
            String[] f = spec.split(":", -1);
            String id = f[0];
            double pace = tokenMs;
            long params = 1_000_000;
            try {
                if (f.length > 1) {
                    pace = Double.parseDouble(f[1]);
                }
                if (f.length > 2) {
                    params = Long.parseLong(f[2]);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("simulated model '" + spec
                        + "' must be id[:tokenMs[:parameters[:blind+spots]]]");
            }
            blindSpots.put(id, f.length > 3 && !f[3].isEmpty() ? java.util.Set.of(f[3].split("\\+")) : java.util.Set.of());
            c.add(new ModelVariant(id, id, DeviceType.CPU, "simulated", params, params, "none"));
            tokenNanos.put(id, (long) (pace * 1e6));
        }
        this.catalog = List.copyOf(c);
        this.ttftNanos = (long) (ttftMs * 1e6);
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo("simulated", "1", null);
    }

    @Override
    public List<ModelVariant> catalog() {
        return catalog;
    }

    @Override
    public List<CachedModel> cached() {
        return catalog.stream().map(v -> new CachedModel(v.id(), v.fileSizeBytes(), null)).toList();
    }

    @Override
    public synchronized List<String> loaded() {
        return loaded == null ? List.of() : List.of(loaded);
    }

    @Override
    public DownloadResult download(ModelVariant variant, DownloadListener listener) {
        return new DownloadResult(true, null);
    }

    @Override
    public synchronized void load(ModelVariant variant) throws EngineException {
        if (catalog.stream().noneMatch(v -> v.id().equals(variant.id()))) {
            throw new EngineException(FailureCode.MODEL_NOT_FOUND, "simulated engine has no model '" + variant.id() + "'");
        }
        loaded = variant.id();
    }

    @Override
    public synchronized void unload(ModelVariant variant) {
        loaded = null;
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) throws EngineException {
        long gap = tokenNanos.getOrDefault(request.model(), 0L);
        java.util.Set<String> blind = blindSpots.getOrDefault(request.model(), java.util.Set.of());
        String[] words = request.messages().get(request.messages().size() - 1).content().trim().split("\\s+");
        listener.onRequestSent();
        pause(ttftNanos);
        for (int i = 0; i < request.maxTokens(); i++) {
            if (request.cancelled().getAsBoolean()) {
                throw new EngineException(FailureCode.CANCELLED, "request cancelled");
            }
            if (i > 0) {
                pause(gap);
            }
            String word = words[i % words.length];
            word = word.isEmpty() || blind.contains(word) ? "tok" : word;
            listener.onChunk(StreamListener.ChunkKind.CONTENT, i == 0 ? word : " " + word);
        }
        return new ChatResult("length", request.messages().get(0).content().length() / 4 + 1, request.maxTokens(),
                null, null, Map.of());
    }

    private static void pause(long nanos) {
        if (nanos > 0) {
            LockSupport.parkNanos(TimeUnit.NANOSECONDS.toNanos(nanos));
        }
    }

    @Override
    public OptionalLong engineProcessId() {
        return OptionalLong.of(ProcessHandle.current().pid());
    }

    @Override
    public void close() {
    }
}
