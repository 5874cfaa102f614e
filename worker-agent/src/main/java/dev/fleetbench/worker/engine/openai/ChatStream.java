package dev.fleetbench.worker.engine.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.ChatMessage;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.StreamListener;
import dev.fleetbench.worker.engine.StreamListener.ChunkKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One streamed {@code POST /v1/chat/completions}: sends, reads the body incrementally (no buffering of the whole
 * answer) and reports every token chunk to the listener the moment it is parsed. Time limits come from a
 * {@link Watchdog} shared by the attempts of one request. Used once, on the caller's thread.
 */
final class ChatStream {

    /** The server refused {@code stream_options}; the engine retries once without it. */
    static final class StreamOptionsRejected extends Exception {
        private static final long serialVersionUID = 1L;

        StreamOptionsRejected(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The server closed the kept-alive connection the request was written on before any byte of an answer came back;
     * the engine may send the request again on another connection (see {@link OpenAiEngine#chat}).
     */
    static final class StaleConnection extends Exception {
        private static final long serialVersionUID = 1L;

        StaleConnection(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** What a complete stream said besides its chunks. */
    record Outcome(String finishReason, StreamEvent.Usage usage, Map<String, Double> timings, String text,
                   int tokenChunks) {
    }

    static final String PATH = "/v1/chat/completions";
    /** Most of an error body kept; the rest is not read. */
    private static final int MAX_ERROR_BODY_CHARS = 64 * 1024;
    /** Most the engine waits, after {@code [DONE]}, for the body to end so that the connection can be reused. */
    private static final Duration DRAIN_GRACE = Duration.ofMillis(500);

    private final ServerHttp http;
    private final ChatRequest request;
    private final StreamListener listener;
    private final Watchdog watchdog;
    private final ChunkDecoder decoder = new ChunkDecoder();

    private final StringBuilder text = new StringBuilder();
    private final Map<String, Double> timings = new LinkedHashMap<>();
    private int tokenChunks;
    private int events;
    private boolean done;
    private String finishReason;
    private StreamEvent.Usage usage;

    private final boolean noPromptCache;

    ChatStream(ServerHttp http, ChatRequest request, StreamListener listener, Watchdog watchdog) {
        this(http, request, listener, watchdog, false);
    }

    ChatStream(ServerHttp http, ChatRequest request, StreamListener listener, Watchdog watchdog,
               boolean noPromptCache) {
        this.noPromptCache = noPromptCache;
        this.http = http;
        this.request = request;
        this.listener = listener;
        this.watchdog = watchdog;
    }

    /**
     * Runs the parse path once (SSE parser, JSON tree, every chunk part) so that the first chunk of the first, cold
     * request does not pay for loading and linking those classes between its arrival and its timestamp.
     */
    static void warmUp() {
        SseParser parser = new SseParser();
        ChunkDecoder decoder = new ChunkDecoder();
        List<SseParser.Item> items = new java.util.ArrayList<>(parser.feed(": warm-up\r\ndata: {\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"r\",\"content\":\"c\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2},"
                + "\"timings\":{\"predicted_ms\":1.5}}\n\ndata: {\"error\":{\"message\":\"m\"}}\n\ndata: [DONE]\n\n"));
        items.addAll(parser.finish());
        for (SseParser.Item item : items) {
            if (item instanceof SseParser.Event e && !e.isDone()) {
                decoder.decode(e.data());
            }
        }
    }

    /** The request body: the benchmark's parameters, streaming, and usage in the stream when asked. */
    static String body(ChatRequest r, boolean includeUsage) {
        return body(r, includeUsage, false);
    }

    /**
     * The request body; {@code noPromptCache} adds llama.cpp's {@code cache_prompt: false} so that the server does
     * not reuse the KV cache of the previous request (every measured request must pay its own prefill). Only for
     * llama.cpp-family servers: a strict OpenAI server may refuse a field it does not know.
     */
    static String body(ChatRequest r, boolean includeUsage, boolean noPromptCache) {
        ObjectNode root = ChunkDecoder.MAPPER.createObjectNode();
        root.put("model", r.model());
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : r.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        root.put("stream", true);
        if (includeUsage) {
            root.putObject("stream_options").put("include_usage", true);
        }
        root.put("max_tokens", r.maxTokens());
        root.put("temperature", r.temperature());
        root.put("seed", r.seed());
        if (noPromptCache) {
            root.put("cache_prompt", false);
        }
        return root.toString();
    }

    Outcome run(boolean includeUsage) throws EngineException, StreamOptionsRejected, StaleConnection {
        Duration connect = request.timeouts().connect();
        String what = "POST " + http.config().uri(PATH);
        // t_send is announced when the client starts writing the body (see SendAnnouncer for why)
        SendAnnouncer announcer = new SendAnnouncer(
                HttpRequest.BodyPublishers.ofString(body(request, includeUsage, noPromptCache)), () -> {
                    listener.onRequestSent();
                    watchdog.awaitFirstToken(System.nanoTime());
                });
        HttpRequest post = http.request(PATH)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(announcer)
                .build();
        watchdog.awaitFirstToken(System.nanoTime()); // provisional, until t_send
        CompletableFuture<HttpResponse<InputStream>> pending =
                http.client(connect).sendAsync(post, HttpResponse.BodyHandlers.ofInputStream());
        watchdog.watch(pending);
        try {
            return read(pending, announcer, connect, what, includeUsage);
        } finally {
            http.active(null); // the connection's idle time starts now
        }
    }

    private Outcome read(CompletableFuture<HttpResponse<InputStream>> pending, SendAnnouncer announcer,
                         Duration connect, String what, boolean includeUsage)
            throws EngineException, StreamOptionsRejected, StaleConnection {
        HttpResponse<InputStream> response;
        try {
            response = awaitHeaders(pending, connect, what);
        } finally {
            announcer.announce(); // no-op when the client wrote the body; else the failed request gets its t_send
        }
        http.active(response.headers());
        if (announcer.failure() != null) {
            closeQuietly(response.body());
            throw new EngineException(FailureCode.INTERNAL, "the stream listener failed in onRequestSent: "
                    + announcer.failure(), announcer.failure());
        }
        try (InputStream in = response.body()) {
            watchdog.watch(in);
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            int status = response.statusCode();
            if (status >= 300) {
                String body = readErrorBody(reader);
                if (includeUsage && HttpFailures.rejectsStreamOptions(status, body)) {
                    throw new StreamOptionsRejected(body);
                }
                throw HttpFailures.forStatus(status, what, body);
            }
            readEvents(reader);
        } catch (IOException closeFailed) {
            // closing the body of a finished stream: nothing left to lose
        }
        return finish();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // only releasing the connection
        }
    }

    private HttpResponse<InputStream> awaitHeaders(CompletableFuture<HttpResponse<InputStream>> pending,
                                                   Duration connect, String what)
            throws EngineException, StaleConnection {
        try {
            // the watchdog cancels this future at the latest at the total limit; the bound here is a safety net
            return pending.get(request.timeouts().total().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (CancellationException | TimeoutException e) {
            pending.cancel(true);
            throw watchdog.tripped() != null ? watchdog.failure(0)
                    : new EngineException(FailureCode.TIMEOUT, what + " not answered in time (total timeout)");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new EngineException(FailureCode.CANCELLED, "interrupted while waiting for " + what);
        } catch (ExecutionException e) {
            if (watchdog.tripped() != null) {
                throw watchdog.failure(0);
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (http.staleConnection(cause)) {
                throw new StaleConnection(what + " on a kept-alive connection that " + http.config().endpoint()
                        + " had closed: " + ServerHttp.describe(cause), cause);
            }
            throw http.sendFailure(cause, connect, what);
        }
    }

    private String readErrorBody(Reader reader) throws EngineException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[4096];
        try {
            int n;
            while (sb.length() < MAX_ERROR_BODY_CHARS && (n = reader.read(buf)) >= 0) {
                sb.append(buf, 0, n);
            }
        } catch (IOException partial) {
            // keep what arrived: the status already says it failed
        }
        if (watchdog.tripped() != null && watchdog.tripped() != Watchdog.Limit.DRAIN) {
            throw watchdog.failure(0);
        }
        return sb.toString();
    }

    private void readEvents(Reader reader) throws EngineException {
        SseParser parser = new SseParser();
        char[] buf = new char[8192];
        while (!done) {
            int n;
            try {
                n = reader.read(buf);
            } catch (IOException e) {
                failIfTripped();
                if (Thread.currentThread().isInterrupted()) {
                    throw new EngineException(FailureCode.CANCELLED, "interrupted after " + tokenChunks
                            + " token chunks", e);
                }
                if (finishReason != null && tokenChunks > 0) {
                    return; // legacy servers drop the connection after the final chunk
                }
                throw new EngineException(FailureCode.CONNECTION_RESET, "connection broke after " + tokenChunks
                        + " token chunks, before [DONE]: " + ServerHttp.describe(e), e);
            }
            failIfTripped();
            if (n < 0) {
                handle(parser.finish());
                break;
            }
            handle(parser.feed(CharBuffer.wrap(buf, 0, n)));
            if (!done && request.cancelled().getAsBoolean()) {
                throw new EngineException(FailureCode.CANCELLED, "request cancelled after " + tokenChunks
                        + " token chunks");
            }
        }
        if (done) {
            drain(reader, buf);
        }
    }

    private void failIfTripped() throws EngineException {
        if (watchdog.tripped() != null) {
            throw watchdog.failure(tokenChunks);
        }
    }

    private void handle(List<SseParser.Item> items) throws EngineException {
        for (SseParser.Item item : items) {
            if (done) {
                return;
            }
            if (item instanceof SseParser.Invalid invalid) {
                throw new EngineException(FailureCode.STREAM_MALFORMED, "not a server-sent event stream after "
                        + tokenChunks + " token chunks: " + invalid.reason() + " in line '" + invalid.line() + "'");
            }
            SseParser.Event event = (SseParser.Event) item;
            if (event.isDone()) {
                done = true;
                listener.onStreamEnd(); // t_end now, not after draining a connection the server keeps open
                return;
            }
            StreamEvent decoded = decoder.decode(event.data());
            if ("error".equals(event.type()) && !(decoded instanceof StreamEvent.EngineError)) {
                decoded = new StreamEvent.EngineError(Texts.excerpt(event.data()), null, null);
            }
            if (decoded instanceof StreamEvent.Chunk chunk) {
                accept(chunk);
            } else if (decoded instanceof StreamEvent.EngineError error) {
                throw HttpFailures.forStreamError(error, tokenChunks);
            } else if (decoded instanceof StreamEvent.Malformed bad) {
                throw new EngineException(FailureCode.STREAM_MALFORMED, "malformed chunk after " + tokenChunks
                        + " token chunks: " + bad.reason() + " in '" + bad.excerpt() + "'");
            }
        }
    }

    private void accept(StreamEvent.Chunk chunk) {
        // the listener first: it takes the arrival timestamp, everything else can wait; one event is one arrival
        if (chunk.reasoning() != null && chunk.content() != null) {
            listener.onChunk(chunk.reasoning(), chunk.content());
        } else if (chunk.reasoning() != null) {
            listener.onChunk(ChunkKind.REASONING, chunk.reasoning());
        } else if (chunk.content() != null) {
            listener.onChunk(ChunkKind.CONTENT, chunk.content());
        }
        // from the finish reason on, every event may be the last one of a server that sends no [DONE]: its arrival is
        // t_end until a later event (usage, [DONE]) replaces it
        if (chunk.finishReason() != null || finishReason != null) {
            listener.onStreamEnd();
        }
        events++;
        if (chunk.hasText()) {
            tokenChunks++;
            text.append(chunk.reasoning() == null ? "" : chunk.reasoning())
                    .append(chunk.content() == null ? "" : chunk.content());
        }
        if (tokenChunks > 0) {
            watchdog.chunkArrived(System.nanoTime());
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        timings.putAll(chunk.timings());
    }

    /** Reads the rest of the body after {@code [DONE]} (normally nothing) so that the connection can be reused. */
    private void drain(Reader reader, char[] buf) {
        watchdog.drain(System.nanoTime(), DRAIN_GRACE.compareTo(request.timeouts().idle()) < 0
                ? DRAIN_GRACE : request.timeouts().idle());
        long budget = MAX_ERROR_BODY_CHARS;
        try {
            int n;
            while (budget > 0 && watchdog.tripped() == null && (n = reader.read(buf)) >= 0) {
                budget -= n;
            }
        } catch (IOException ignored) {
            // the answer is complete; a late failure of the connection does not change it
        }
    }

    private Outcome finish() throws EngineException {
        if (!done && finishReason == null && events > 0) {
            throw new EngineException(FailureCode.CONNECTION_RESET, "stream ended after " + tokenChunks
                    + " token chunks without [DONE] or a finish_reason");
        }
        if (tokenChunks == 0) {
            throw new EngineException(FailureCode.EMPTY_RESPONSE, "stream ended without any text ("
                    + events + " chunks, finish_reason " + finishReason + ")");
        }
        return new Outcome(finishReason, usage, timings, text.toString(), tokenChunks);
    }
}
