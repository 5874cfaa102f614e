package dev.fleetbench.worker.engine.openai;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A real OpenAI-compatible HTTP server on {@code 127.0.0.1:0} that answers chat requests as a {@link Script} says:
 * when each chunk leaves (scheduled from the moment the request body was received, on a thread that parks until
 * each absolute deadline, every chunk written and flushed on its own), what it contains, and how the response ends
 * (complete, hang, reset, error event, malformed). It records every chat request and, per response, the
 * {@link System#nanoTime()} at which each token chunk was received and flushed, so that a test can compare what
 * a client measured with what the server really did (same JVM, same clock).
 *
 * <p>Other routes ({@code /v1/models}, {@code /tokenize}, {@code /props}, …) answer what {@link #route} set; 404
 * otherwise.
 */
public final class ScriptedOpenAiServer implements AutoCloseable {

    /** Server-side truth of one chat response. */
    public static final class Trace {
        /** When the request's headers had been parsed (the handler ran). */
        public final long headersNanos;
        /** When the request body had been received: time zero of the script. */
        public final long receivedNanos;
        /** When each token chunk had been written to the socket (the write call returned); 0 until then. */
        public final long[] tokenFlushedNanos;
        /** When the script started writing each token chunk. */
        public final long[] tokenWrittenNanos;
        /** When the last frame (usually {@code [DONE]}) had been written to the socket; 0 until then. */
        public volatile long lastFrameFlushedNanos;
        public final String requestBody;

        Trace(long headersNanos, long receivedNanos, int tokens, String requestBody) {
            this.headersNanos = headersNanos;
            this.receivedNanos = receivedNanos;
            this.tokenFlushedNanos = new long[tokens];
            this.tokenWrittenNanos = new long[tokens];
            this.requestBody = requestBody;
        }

        /** Waits (bounded) until every token chunk's flush has been recorded. */
        public boolean awaitFlushed(Duration max) {
            long end = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < end) {
                boolean all = true;
                synchronized (this) {
                    for (long t : tokenFlushedNanos) {
                        all &= t != 0;
                    }
                }
                if (all) {
                    return true;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            return false;
        }
    }

    /**
     * The script thread wakes this long before a chunk is due and hands the write to the event loop, which spins to
     * the exact moment: a thread wake-up plus the hop to the event loop take 0.1–0.5 ms on a loaded VM, and would
     * otherwise make every chunk late.
     */
    private static final long HOP_LEAD_NANOS = TimeUnit.MICROSECONDS.toNanos(700);

    private record Route(int status, String contentType, String body) {
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final ExecutorService scriptThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-openai-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<Trace> traces = new CopyOnWriteArrayList<>();
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger connectionsClosed = new AtomicInteger();
    private volatile Script script = Script.tokens("Hello", " world");
    private final AtomicInteger chatsToDrop = new AtomicInteger();
    private volatile String keepAlive;

    private ScriptedOpenAiServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .connectionHandler(conn -> {
                    connectionsOpened.incrementAndGet();
                    conn.closeHandler(v -> connectionsClosed.incrementAndGet());
                })
                .requestHandler(this::handle)
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    public static ScriptedOpenAiServer start() throws Exception {
        return new ScriptedOpenAiServer();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String endpoint() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The script for the chat requests from now on. */
    public ScriptedOpenAiServer script(Script s) {
        script = s;
        return this;
    }

    /** What {@code method path} answers (e.g. {@code route("GET /v1/models", 200, json)}). */
    public ScriptedOpenAiServer route(String methodAndPath, int status, String body) {
        routes.put(methodAndPath, new Route(status, body.startsWith("{") || body.startsWith("[")
                ? "application/json" : "text/plain", body));
        return this;
    }

    /**
     * The next {@code n} chat requests are read and their connection closed without a byte of answer, as
     * cpp-httplib does with a request that arrives on a connection it is closing.
     */
    public ScriptedOpenAiServer dropNextChats(int n) {
        chatsToDrop.set(n);
        return this;
    }

    /** The {@code Keep-Alive} header value of every answer from now on (e.g. {@code timeout=1}); null for none. */
    public ScriptedOpenAiServer keepAlive(String value) {
        keepAlive = value;
        return this;
    }

    /** Forgets routes, traces and counters (between tests). */
    public void reset() {
        chatsToDrop.set(0);
        keepAlive = null;
        routes.clear();
        hits.clear();
        traces.clear();
        script = Script.tokens("Hello", " world");
    }

    /** How many requests reached {@code method path}. */
    public int hits(String methodAndPath) {
        AtomicInteger n = hits.get(methodAndPath);
        return n == null ? 0 : n.get();
    }

    public List<Trace> traces() {
        return Collections.unmodifiableList(new ArrayList<>(traces));
    }

    public Trace lastTrace() {
        return traces.isEmpty() ? null : traces.get(traces.size() - 1);
    }

    public int connectionsClosed() {
        return connectionsClosed.get();
    }

    public int connectionsOpened() {
        return connectionsOpened.get();
    }

    private void handle(HttpServerRequest req) {
        long headers = System.nanoTime();
        String key = req.method().name() + " " + req.path();
        hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (keepAlive != null) {
            req.response().putHeader("Keep-Alive", keepAlive);
        }
        req.body().onSuccess(buffer -> {
            long received = System.nanoTime();
            if (key.equals("POST /v1/chat/completions")) {
                chat(req, buffer.toString(), headers, received);
                return;
            }
            Route r = routes.get(key);
            if (r == null) {
                req.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("Not Found");
            } else {
                req.response().setStatusCode(r.status()).putHeader("Content-Type", r.contentType()).end(r.body());
            }
        });
    }

    private void chat(HttpServerRequest req, String body, long headers, long received) {
        Script s = script;
        Script.Plan plan = s.plan();
        Trace trace = new Trace(headers, received, plan.tokenCount(), body);
        traces.add(trace);
        HttpServerResponse response = req.response();
        Context ctx = vertx.getOrCreateContext();
        if (chatsToDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            req.connection().close();
            return;
        }
        if (s.neverAnswers()) {
            return;
        }
        if (s.rejectsStreamOptions() && body.contains("stream_options")) {
            response.setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end("{\"error\":{\"message\":\"Unrecognized request argument supplied: stream_options\","
                            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
            return;
        }
        if (s.status() != 200) {
            response.setStatusCode(s.status()).putHeader("Content-Type", s.errorBody().startsWith("{")
                    ? "application/json" : "text/plain").end(s.errorBody());
            return;
        }
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        if (s.headersImmediately()) {
            response.writeHead();
        }
        scriptThreads.execute(() -> play(plan, trace, response, req, ctx, s.holdOpen()));
    }

    private void play(Script.Plan plan, Trace trace, HttpServerResponse response, HttpServerRequest req, Context ctx,
                      Duration holdOpen) {
        for (Script.Frame f : plan.frames()) {
            long due = trace.receivedNanos + f.atNanos();
            parkUntil(due - HOP_LEAD_NANOS);
            int token = f.tokenIndex();
            ctx.runOnContext(v -> {
                spinUntil(due);
                long written = System.nanoTime();
                // on the event loop, write() flushes to the socket before it returns; its future completes later
                response.write(f.text());
                long flushed = System.nanoTime();
                if (token >= 0) {
                    synchronized (trace) {
                        trace.tokenWrittenNanos[token] = written;
                        trace.tokenFlushedNanos[token] = flushed;
                    }
                }
                trace.lastFrameFlushedNanos = flushed;
            });
        }
        parkUntil(trace.receivedNanos + plan.endAtNanos() + (plan.ending() == Script.Ending.COMPLETE ? holdOpen.toNanos() : 0));
        switch (plan.ending()) {
            case COMPLETE, ERROR_EVENT, MALFORMED -> ctx.runOnContext(v -> response.end());
            case RESET -> ctx.runOnContext(v -> req.connection().close());
            case HANG -> {
                // keep the connection open and silent
            }
        }
    }

    /** Spins (on the event loop, for at most {@link #HOP_LEAD_NANOS}) until the exact moment. */
    private static void spinUntil(long deadline) {
        while (deadline - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }

    private static void parkUntil(long deadline) {
        long rest;
        while ((rest = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(rest);
        }
    }

    @Override
    public void close() throws TimeoutException {
        scriptThreads.shutdownNow();
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
