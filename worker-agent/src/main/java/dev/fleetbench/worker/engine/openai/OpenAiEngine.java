package dev.fleetbench.worker.engine.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import dev.fleetbench.worker.hardware.ListeningProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible HTTP server as an {@link InferenceEngine}: llama.cpp's {@code llama-server}, Ollama,
 * LM Studio, vLLM, and the base of the Foundry Local engine. Streams {@code POST /v1/chat/completions} and reports
 * each token chunk to the listener as it arrives; the time limits of {@link ChatRequest#timeouts()} are enforced by
 * a watchdog that aborts the blocking read.
 *
 * <p>A plain OpenAI server has no model management: the catalog, the cache and the loaded models are all what
 * {@code GET /v1/models} lists, and download, load and unload do nothing. Token counts come from the stream's
 * {@code usage} when the server sends it ({@code stream_options.include_usage} is asked for, and dropped for good
 * if the server rejects it), else from llama.cpp's {@code /tokenize} when the server has it, else they stay null.
 *
 * <p>Connects only to the configured endpoint. One chat at a time per engine (the SPI's contract); the other
 * methods are thread-safe.
 */
public final class OpenAiEngine implements InferenceEngine {

    /**
     * Most times one request is sent again because its kept-alive connection turned out closed. A retry goes on a
     * fresh pool, and a failure on a fresh connection is never taken for a closed kept-alive one, so one retry is
     * all it takes; the bound holds even if other threads refill the pool meanwhile.
     */
    static final int MAX_STALE_RETRIES = 2;

    /** How often a missing version is probed again at most. */
    private static final long VERSION_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final OpenAiEngineConfig config;
    private final ServerHttp http;
    private final TokenCounter tokenizer;
    private final ScheduledExecutorService watchdogTimer;
    private volatile Support streamOptions = Support.UNKNOWN;
    private volatile String version;
    private volatile long versionProbedAt;
    private volatile boolean versionProbed;

    public OpenAiEngine(OpenAiEngineConfig config) {
        this(config, null);
    }

    /**
     * An engine whose token counts (when the stream has no {@code usage}) come from {@code counter}; null for the
     * default, llama.cpp's {@code /tokenize}. Foundry Local's engine passes its own count route here.
     */
    public OpenAiEngine(OpenAiEngineConfig config, TokenCounter counter) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = new ServerHttp(config);
        this.tokenizer = counter != null ? counter : new LlamaTokenizer(http);
        this.watchdogTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "openai-engine-watchdog");
            t.setDaemon(true);
            return t;
        });
        ChatStream.warmUp();
    }

    /** The engine for an endpoint URL as typed after {@code --endpoint}, with default settings. */
    public static OpenAiEngine forEndpoint(String endpoint) {
        return new OpenAiEngine(OpenAiEngineConfig.of(endpoint));
    }

    public OpenAiEngineConfig config() {
        return config;
    }

    /** Kind "openai", the server's version when it says (best effort, probed once), the endpoint. */
    @Override
    public EngineInfo info() {
        long now = System.nanoTime();
        if (version == null && (!versionProbed || now - versionProbedAt > VERSION_RETRY_NANOS)) {
            versionProbed = true;
            versionProbedAt = now;
            version = ServerVersion.probe(http);
        }
        return new EngineInfo("openai", version, config.endpoint());
    }

    @Override
    public List<ModelVariant> catalog() throws EngineException {
        ServerHttp.Reply reply = http.get("/v1/models");
        if (!reply.ok()) {
            throw new EngineException(FailureCode.HTTP_ERROR, "HTTP " + reply.status() + " from GET "
                    + config.uri("/v1/models") + ": " + HttpFailures.errorText(reply.body())
                    + " (is this an OpenAI-compatible server?)");
        }
        return ModelList.parse(reply.body(), config.deviceType());
    }

    /**
     * As the SPI resolves; besides, a model the server lists by its file path (llama-server lists the path it was
     * started with) is found by its file name or by that name without {@code .gguf}, when exactly one listed model
     * has it.
     */
    @Override
    public ModelVariant resolve(String aliasOrId, DeviceType device) throws EngineException {
        List<ModelVariant> catalog = catalog();
        String wanted = aliasOrId.toLowerCase(Locale.ROOT);
        for (ModelVariant v : catalog) {
            if (v.id().toLowerCase(Locale.ROOT).equals(wanted) || v.alias().toLowerCase(Locale.ROOT).equals(wanted)) {
                return v;
            }
        }
        List<ModelVariant> byFile = ModelList.byFileName(catalog, aliasOrId);
        if (byFile.size() == 1) {
            return byFile.get(0);
        }
        String known = catalog.stream().map(ModelVariant::id).limit(12).reduce((a, b) -> a + ", " + b).orElse("none");
        throw new EngineException(FailureCode.MODEL_NOT_FOUND, "model '" + aliasOrId + "' is not served by "
                + config.endpoint() + (byFile.size() > 1 ? " (its file name matches " + byFile.size() + " models)" : "")
                + "; available: " + known + " (give the id, its file name or the file name without .gguf; without"
                + " --model every served model runs)");
    }

    /** What the server lists: a plain OpenAI server serves only models it has. */
    @Override
    public List<CachedModel> cached() throws EngineException {
        return catalog().stream().map(v -> new CachedModel(v.id(), v.fileSizeBytes(), null)).toList();
    }

    /** What the server lists: it has no notion of loading, and answers for any model it lists. */
    @Override
    public List<String> loaded() throws EngineException {
        return catalog().stream().map(ModelVariant::id).toList();
    }

    /** Nothing to download: the server serves what it has. */
    @Override
    public DownloadResult download(ModelVariant variant, DownloadListener listener) {
        return new DownloadResult(true, null);
    }

    /** Nothing to do: the server loads on its own (or serves one model). */
    @Override
    public void load(ModelVariant variant) {
    }

    /** Nothing to do: the server has no unload route. */
    @Override
    public void unload(ModelVariant variant) {
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) throws EngineException {
        Objects.requireNonNull(listener, "listener");
        if (watchdogTimer.isShutdown()) {
            throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "the engine for " + config.endpoint()
                    + " has been closed");
        }
        try (Watchdog watchdog = new Watchdog(watchdogTimer, request.timeouts(), request.cancelled(),
                System.nanoTime())) {
            boolean llamaCpp = isLlamaCpp();
            int retries = 0;
            while (true) {
                try {
                    return result(request, attempt(request, listener, watchdog, llamaCpp), llamaCpp, retries);
                } catch (ChatStream.StaleConnection stale) {
                    // Sent again on a fresh connection (ServerHttp renewed its pool). Safe for a benchmark: not one
                    // byte of an answer came back on a connection the server had already closed (cpp-httplib reads and
                    // discards a request that arrives while it closes), so nothing was generated for it, no chunk
                    // reached the listener and no time of the failed attempt is measured: the retry announces its own
                    // t_send (the listener's last onRequestSent counts), under the same overall time limit. Why it
                    // happens: llama-server closes the connection after every streamed answer though its headers say
                    // keep-alive, and closes an idle one after 5 s; the JDK client notices the close of a pooled
                    // connection only when its selector thread gets to it, so on a loaded machine the next request is
                    // sometimes written on it first. Recorded: the sample's engine timings carry connection_retries.
                    if (++retries > MAX_STALE_RETRIES) {
                        throw new EngineException(FailureCode.CONNECTION_RESET, stale.getMessage() + " ("
                                + retries + " attempts, each on a kept-alive connection the server had closed)",
                                stale.getCause());
                    }
                }
            }
        }
    }

    /** One attempt of a chat; a server that refuses {@code stream_options} gets the request again without it. */
    private ChatStream.Outcome attempt(ChatRequest request, StreamListener listener, Watchdog watchdog,
                                       boolean llamaCpp) throws EngineException, ChatStream.StaleConnection {
        boolean withUsage = streamOptions != Support.NO;
        ChatStream.Outcome out;
        try {
            out = new ChatStream(http, request, listener, watchdog, llamaCpp).run(withUsage);
        } catch (ChatStream.StreamOptionsRejected rejected) {
            streamOptions = Support.NO;
            withUsage = false;
            try {
                out = new ChatStream(http, request, listener, watchdog, llamaCpp).run(false);
            } catch (ChatStream.StreamOptionsRejected impossible) {
                throw new EngineException(FailureCode.INTERNAL, "stream_options rejected though not sent");
            }
        }
        if (withUsage) {
            streamOptions = Support.YES;
        }
        // t_end was reported by the stream when [DONE] (or its final chunk) arrived, before draining the body
        return out;
    }

    /**
     * The completion tokens that brought text. llama.cpp counts the end-of-sequence token it sampled, which brings
     * none, so a generation it stopped reports one more than arrived (a 20-token answer at 2 ms per token would
     * read 526 instead of 500 tok/s); the server's own figure stays in {@code timings.predicted_n}. A count that is
     * not above the token chunks that arrived is taken as it is. Pure.
     */
    static Integer arrivedTokens(boolean llamaCpp, String finishReason, Integer usageOut, int tokenChunks) {
        if (llamaCpp && "stop".equals(finishReason) && usageOut != null && usageOut > tokenChunks) {
            return usageOut - 1;
        }
        return usageOut;
    }

    /**
     * Whether the server said it is llama.cpp ({@code /props}), whose request options and counts differ. Reads the
     * version {@link #info()} probed (the agent and {@code bench} ask for it before any request, for fingerprints)
     * and never probes here: a chat must not wait for probes of a server that does not answer.
     */
    private boolean isLlamaCpp() {
        String v = version;
        return v != null && v.startsWith("llama.cpp");
    }

    private ChatResult result(ChatRequest request, ChatStream.Outcome out, boolean llamaCpp, int retries) {
        Integer usageIn = out.usage() == null ? null : out.usage().promptTokens();
        Integer usageOut = out.usage() == null ? null : out.usage().completionTokens();
        Map<String, Double> timings = new LinkedHashMap<>(out.timings());
        usageOut = arrivedTokens(llamaCpp, out.finishReason(), usageOut, out.tokenChunks());
        Double cached = timings.get("cache_n");
        if (cached != null && cached > 0) {
            // the server reused cached prompt tokens: this request's TTFT and prefill rate did not pay for them
            timings.put(ChatResult.CACHED_PROMPT_TOKENS, cached);
        }
        if (retries > 0) {
            timings.put(ChatResult.CONNECTION_RETRIES, (double) retries);
        }
        Integer countedIn = usageIn == null ? tokenizer.countPrompt(request.model(), request.messages()) : null;
        Integer countedOut = usageOut == null ? tokenizer.countAnswer(request.model(), out.text()) : null;
        return new ChatResult(out.finishReason(), usageIn, usageOut, countedIn, countedOut, timings);
    }

    /**
     * The server runs in its own process: the one listening on the endpoint's port when the endpoint is this
     * machine's loopback (so that its peak memory and CPU time are measured), empty for a server elsewhere.
     */
    @Override
    public OptionalLong engineProcessId() {
        return ListeningProcess.local().forUrl(config.endpoint());
    }

    @Override
    public void close() {
        watchdogTimer.shutdownNow();
    }

    /** Best-effort version probes, most specific first. */
    static final class ServerVersion {

        /** Each probe's limit: {@code info()} is for fingerprints and must not hang on a stuck server. */
        static final Duration PROBE_LIMIT = Duration.ofSeconds(2);

        private ServerVersion() {
        }

        /** llama.cpp {@code /props} build, {@code /version} (vLLM), Ollama {@code /api/version}, else the Server header. */
        static String probe(ServerHttp http) {
            String server = null;
            String[][] probes = {{"/props", "build_info", "llama.cpp "}, {"/version", "version", ""},
                    {"/api/version", "version", "ollama "}};
            for (String[] p : probes) {
                try {
                    ServerHttp.Reply reply = http.get(p[0], PROBE_LIMIT);
                    if (server == null) {
                        server = reply.headers().firstValue("Server").orElse(null);
                    }
                    if (reply.ok()) {
                        JsonNode v = ChunkDecoder.MAPPER.readTree(reply.body()).path(p[1]);
                        if (v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
                            return p[2] + v.asText();
                        }
                    }
                } catch (EngineException unreachable) {
                    return null;
                } catch (JsonProcessingException notJson) {
                    // another kind of server: try the next probe
                }
            }
            return server;
        }
    }
}
