package dev.fleetbench.worker.engine.embedded;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
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
import dev.fleetbench.worker.engine.PromptTokens;
import dev.fleetbench.worker.engine.StreamListener;
import dev.fleetbench.worker.gguf.GgufFile;
import dev.fleetbench.worker.gguf.GgufFormatException;
import dev.fleetbench.worker.gguf.GgufReader;
import dev.fleetbench.worker.gguf.ModelStore;
import dev.fleetbench.worker.gguf.SyntheticModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The embedded engine: llama.cpp in this process through the de.kherud:llama binding, running the GGUF files of a
 * {@link ModelStore} on the CPU.
 *
 * <p>Catalog: every readable {@code *.gguf} in the folder (id = file name without {@code .gguf}), plus the synthetic
 * presets not generated yet, which {@link #download} generates. Unreadable files are left out of the catalog and
 * listed by {@link #catalogProblems()}. One model is loaded at a time. Requests: see {@link ChatRun} (prompt format,
 * limits, token counting) and {@link LlamaLogTail} (llama.cpp's own timings in {@link ChatResult#engineTimings()}).
 *
 * <p>Note for callers: the binding starts a non-daemon native thread per loaded model that survives
 * {@link #close()}; a program using this engine must end with {@code System.exit}. Methods are synchronized (the
 * SPI has one caller at a time anyway).
 */
public final class EmbeddedEngine implements InferenceEngine {

    public static final String EXECUTION_PROVIDER = "llama.cpp-cpu";
    /** Apple silicon's Metal variants: every layer on the GPU. */
    public static final String METAL_PROVIDER = "llama.cpp-metal";
    /** Ends the id of a Metal variant: the file's id plus this ("stories260K:metal"). */
    public static final String METAL_SUFFIX = ":metal";
    /** Logical and physical batch sizes, as the binding's defaults are, stated so that fingerprints can say them. */
    static final int BATCH = 2048;
    static final int UBATCH = 512;

    private final EmbeddedConfig config;
    private final NativePlatform platform;
    private final List<String> problems = new ArrayList<>();
    private LoadedModel loaded;
    private String llamaBuild;

    public EmbeddedEngine(EmbeddedConfig config) {
        this(config, NativePlatform.current());
    }

    /** @param platform the OS and JVM architecture the catalog is made for (a seam: tests name other platforms) */
    EmbeddedEngine(EmbeddedConfig config, NativePlatform platform) {
        this.config = config;
        this.platform = platform;
    }

    public EmbeddedConfig config() {
        return config;
    }

    @Override
    public synchronized EngineInfo info() {
        String binding = NativeLlama.bindingVersion();
        return new EngineInfo("embedded", version(binding, config.library(), llamaBuild), null,
                settings(config, binding));
    }

    /**
     * "llama.cpp b4916 (de.kherud:llama 4.1.0)": the build llama.cpp logged when it loaded a model, else the one the
     * library was built against (its BUILD-INFO, or the release the binding's jar ships). Pure, for tests.
     */
    static String version(String binding, NativeLibrary library, String loggedBuild) {
        String build = loggedBuild != null ? loggedBuild
                : library.machineBuilt() ? library.llamaTag() : NativeLlama.knownBuild(binding);
        return "llama.cpp " + (build == null ? "build unknown" : build) + " (de.kherud:llama " + binding + ")";
    }

    /** What changes this engine's speed, for every sample's fingerprint. Pure, for tests. */
    static Map<String, String> settings(EmbeddedConfig config, String binding) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("threads", Integer.toString(config.threads()));
        s.put("threads_batch", Integer.toString(config.threads()));
        s.put("context", Integer.toString(config.contextSize()));
        s.put("batch", Integer.toString(BATCH));
        s.put("ubatch", Integer.toString(UBATCH));
        s.put("binding", config.library().describe(binding));
        s.put("omp_wait_policy", OpenMp.waitPolicy());
        return s;
    }

    @Override
    public synchronized List<ModelVariant> catalog() throws EngineException {
        problems.clear();
        String unsupported = NativeLlama.unsupported(platform);
        if (unsupported != null) {
            problems.add(unsupported); // an empty catalog with its reason, not models whose every cell fails
            return List.of();
        }
        List<ModelVariant> out = new ArrayList<>();
        try {
            config.store().installBundled();
            for (Path file : config.store().list()) {
                try {
                    out.add(variant(file, GgufReader.read(file)));
                } catch (IOException e) {
                    problems.add(e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "models folder " + config.store().dir()
                    + " is not usable: " + e.getMessage(), e);
        }
        int vocab = SyntheticModels.vocabularySize();
        for (String preset : SyntheticModels.presetNames()) {
            if (out.stream().noneMatch(v -> v.id().equals(preset))) {
                var spec = SyntheticModels.preset(preset).orElseThrow();
                out.add(new ModelVariant(preset, preset, DeviceType.CPU, EXECUTION_PROVIDER,
                        spec.approximateFileBytes(vocab), spec.parameterCount(vocab), "F32", spec.kvBytesPerToken()));
            }
        }
        return platform.metal() ? withMetal(out) : out;
    }

    /**
     * Each model twice on Apple silicon: on the CPU (first, so that a campaign naming the model without a device runs
     * it where it always did) and on the GPU through Metal, a device of its own, so that the two never pool.
     */
    private static List<ModelVariant> withMetal(List<ModelVariant> cpu) {
        List<ModelVariant> out = new ArrayList<>();
        for (ModelVariant v : cpu) {
            out.add(v);
            out.add(new ModelVariant(v.id() + METAL_SUFFIX, v.alias(), DeviceType.GPU, METAL_PROVIDER, v.fileSizeBytes(),
                    v.parameterCount(), v.quantization(), v.kvBytesPerToken()));
        }
        return out;
    }

    /** The id of the file a variant runs: its own id, or a Metal variant's without the suffix. */
    static String fileId(String variantId) {
        return variantId.endsWith(METAL_SUFFIX)
                ? variantId.substring(0, variantId.length() - METAL_SUFFIX.length()) : variantId;
    }

    private boolean onMetal(ModelVariant variant) throws EngineException {
        boolean metal = METAL_PROVIDER.equals(variant.executionProvider()) || variant.id().endsWith(METAL_SUFFIX);
        if (metal && !platform.metal()) {
            throw new EngineException(FailureCode.MODEL_NOT_FOUND, "'" + variant.id() + "' is a Metal variant, which"
                    + " runs on Apple silicon only; this is " + platform.describe());
        }
        return metal;
    }

    /**
     * As the SPI resolves, except that a model file which exists but is not a readable GGUF model is reported as
     * {@link FailureCode#MODEL_INVALID} with the reason, rather than as missing from the catalog.
     */
    @Override
    public ModelVariant resolve(String aliasOrId, DeviceType device) throws EngineException {
        try {
            return InferenceEngine.super.resolve(aliasOrId, device);
        } catch (EngineException notInCatalog) {
            Optional<Path> file;
            try {
                file = config.store().find(aliasOrId);
            } catch (IOException e) {
                throw notInCatalog;
            }
            if (file.isPresent()) {
                try {
                    GgufReader.read(file.get());
                } catch (IOException e) {
                    throw new EngineException(FailureCode.MODEL_INVALID, e.getMessage(), e);
                }
            }
            throw notInCatalog;
        }
    }

    /** Files of the last {@link #catalog()} left out because they are not readable GGUF models, with the reason. */
    public synchronized List<String> catalogProblems() {
        return List.copyOf(problems);
    }

    private static ModelVariant variant(Path file, GgufFile gguf) throws IOException {
        String id = ModelStore.idOf(file);
        return new ModelVariant(id, id.toLowerCase(java.util.Locale.ROOT), DeviceType.CPU, EXECUTION_PROVIDER,
                Files.size(file), gguf.parameterCount(), gguf.dominantTensorType(),
                gguf.kvBytesPerToken() > 0 ? gguf.kvBytesPerToken() : null);
    }

    @Override
    public synchronized List<CachedModel> cached() throws EngineException {
        List<CachedModel> out = new ArrayList<>();
        try {
            config.store().installBundled();
            for (Path file : config.store().list()) {
                out.add(new CachedModel(ModelStore.idOf(file), Files.size(file), file.toString()));
            }
        } catch (IOException e) {
            throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "models folder " + config.store().dir()
                    + " is not usable: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized List<String> loaded() {
        return loaded == null ? List.of() : List.of(loaded.id());
    }

    /** Files are local: only synthetic presets not generated yet have work to do ("download" = generate). */
    @Override
    public synchronized DownloadResult download(ModelVariant variant, DownloadListener listener)
            throws EngineException {
        try {
            String id = fileId(variant.id());
            if (config.store().find(id).isPresent()) {
                return new DownloadResult(true, null);
            }
            if (!ModelStore.isPreset(id)) {
                throw notFound(id);
            }
            String detail = "generating " + id + ModelStore.EXTENSION;
            Path file = config.store().ensure(id, p -> listener.onProgress(p, detail));
            return new DownloadResult(false, Files.size(file));
        } catch (IOException e) {
            throw new EngineException(FailureCode.DOWNLOAD_FAILED, "could not generate " + variant.id() + " in "
                    + config.store().dir() + ": " + e.getMessage(), e);
        }
    }

    private EngineException notFound(String id) {
        return new EngineException(FailureCode.MODEL_NOT_FOUND, "model '" + id + "' has no file in "
                + config.store().dir() + " and is not a synthetic preset " + SyntheticModels.presetNames());
    }

    @Override
    public synchronized void load(ModelVariant variant) throws EngineException {
        if (loaded != null && loaded.id().equals(variant.id())) {
            return;
        }
        boolean metal = onMetal(variant);
        Path file = fileOf(fileId(variant.id()));
        GgufFile gguf = readHeader(file);
        NativeLlama.ensureAvailable(config.library());
        unloadCurrent();
        int context = (int) Math.min(config.contextSize(),
                gguf.contextLength() > 0 ? gguf.contextLength() : config.contextSize());
        LlamaLogTail log;
        try {
            // in this process's folder: llama.cpp keeps its log open, and Windows cannot delete an open file
            log = new LlamaLogTail(Files.createTempFile(NativeLlama.scratchFolder(), "fleetbench-llama-", ".log"));
        } catch (IOException e) {
            throw new EngineException(FailureCode.LOAD_FAILED, "cannot create llama.cpp's log file: " + e, e);
        }
        ModelParameters params = new ModelParameters()
                .setModel(file.toString())
                .setThreads(config.threads())
                .setThreadsBatch(config.threads())
                .setCtxSize(context)
                .setBatchSize(BATCH)
                .setUbatchSize(UBATCH)
                .setParallel(1)
                .setLogFile(log.file().toString());
        if (metal) {
            NativeLlama.allOnMetal(params);
        } else {
            NativeLlama.cpuOnly(params); // what the catalog advertises (llama.cpp-cpu), also on Metal builds
        }
        LlamaModel model;
        try {
            model = new LlamaModel(params);
        } catch (LinkageError e) {
            log.close();
            throw NativeLlama.unavailable(e);
        } catch (RuntimeException e) {
            log.close();
            throw new EngineException(FailureCode.LOAD_FAILED, "llama.cpp could not load " + file + ": "
                    + e.getMessage(), e);
        }
        String loadLog = log.textSince(0);
        LlamaTimings.build(loadLog).ifPresent(b -> llamaBuild = b);
        boolean addBos = gguf.metadata().get("tokenizer.ggml.add_bos_token") instanceof Boolean b
                ? b : "llama".equals(gguf.tokenizerModel());
        loaded = new LoadedModel(variant.id(), gguf, model, log, context, SyntheticModels.isSynthetic(gguf), addBos,
                LlamaTimings.offloadedLayers(loadLog).orElse(null));
    }

    private Path fileOf(String id) throws EngineException {
        try {
            Optional<Path> file = config.store().find(id);
            if (file.isEmpty()) {
                throw ModelStore.isPreset(id)
                        ? new EngineException(FailureCode.MODEL_NOT_FOUND, "synthetic model '" + id
                                + "' is not generated yet in " + config.store().dir() + ": download it first")
                        : notFound(id);
            }
            return file.get();
        } catch (IOException e) {
            throw new EngineException(FailureCode.MODEL_INVALID, "cannot install " + id + ": " + e.getMessage(), e);
        }
    }

    private static GgufFile readHeader(Path file) throws EngineException {
        try {
            return GgufReader.read(file);
        } catch (GgufFormatException e) {
            throw new EngineException(FailureCode.MODEL_INVALID, "invalid model file " + e.getMessage(), e);
        } catch (IOException e) {
            throw new EngineException(FailureCode.MODEL_INVALID, "unreadable model file " + file + ": " + e, e);
        }
    }

    @Override
    public synchronized PromptTokens promptTokens(String variantId) {
        LoadedModel m = loaded;
        if (m == null || !m.id().equals(variantId)) {
            return null;
        }
        ChatRun run = new ChatRun(m, config.timingsWait());
        return new PromptTokens() {
            @Override
            public int count(String userText) throws EngineException {
                return run.userPromptTokens(userText);
            }

            @Override
            public int contextWindow() {
                return m.contextSize();
            }
        };
    }

    @Override
    public synchronized void unload(ModelVariant variant) {
        if (loaded != null && loaded.id().equals(variant.id())) {
            unloadCurrent();
        }
    }

    private void unloadCurrent() {
        if (loaded != null) {
            LoadedModel m = loaded;
            loaded = null;
            m.close();
        }
    }

    @Override
    public synchronized ChatResult chat(ChatRequest request, StreamListener listener) throws EngineException {
        if (loaded == null || !loaded.id().equals(request.model())) {
            throw new EngineException(FailureCode.INVALID_INPUT, "model '" + request.model() + "' is not loaded"
                    + (loaded == null ? "" : " (loaded: " + loaded.id() + ")") + "; call load first");
        }
        return new ChatRun(loaded, config.timingsWait()).run(request, listener);
    }

    /** Inference runs in this very process. */
    @Override
    public OptionalLong engineProcessId() {
        return OptionalLong.of(ProcessHandle.current().pid());
    }

    @Override
    public synchronized void close() {
        try {
            unloadCurrent();
        } catch (RuntimeException ignored) {
            // close never throws; the native side is gone with the process anyway
        }
    }
}
