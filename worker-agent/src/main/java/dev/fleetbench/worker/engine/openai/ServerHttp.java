package dev.fleetbench.worker.engine.openai;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side of one OpenAI-compatible server: JDK {@link HttpClient}s (HTTP/1.1, no redirects, no proxy, so a
 * request goes exactly where the endpoint says), one per connect timeout since the JDK fixes that per client,
 * and the short request/reply calls of the engine (model list, tokenizer, version probes). Thread-safe.
 *
 * <p>Kept-alive connections are not reused past the server's idle limit: servers close an idle connection after a
 * few seconds (cpp-httplib, and so llama-server, after 5 s, and says so in {@code Keep-Alive: timeout=5}; uvicorn
 * after 5 s without saying), while the JDK pool keeps one for 20 minutes and cannot be told otherwise per client. A
 * request written just as the server closes such a connection fails before any answer. So when the connections have
 * been idle for longer than {@link #idleLimit(String)} allows, the next request starts a fresh pool (a new client);
 * the old client's connections go with it.
 *
 * <p>A connection the server closes without saying so ({@code llama-server} closes one after every streamed answer
 * although its headers said keep-alive) is usually noticed by the JDK client while it sits in the pool; on a loaded
 * machine the next request is sometimes written on it first and fails before any byte of an answer.
 * {@link #staleConnection} recognises that case so that the request can be sent again on a fresh pool.
 */
final class ServerHttp {

    /** A complete, small answer. */
    record Reply(int status, String body, HttpHeaders headers) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The idle limit assumed for a server that does not announce one: below the common 5 s. */
    static final Duration DEFAULT_IDLE_LIMIT = Duration.ofSeconds(4);

    /** The JDK's words when a connection ended before a single byte of the answer's status line arrived. */
    private static final String NO_BYTES = "header parser received no bytes";
    /** The JDK's class for that case on a pooled connection; Java 17 unwraps it for POST, so the words are the test. */
    private static final String CONNECTION_EXPIRED = "jdk.internal.net.http.common.ConnectionExpiredException";

    private final OpenAiEngineConfig config;
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();
    private final AtomicLong lastActive = new AtomicLong(System.nanoTime());
    private volatile long idleLimitNanos = DEFAULT_IDLE_LIMIT.toNanos();
    /** Whether an answer came back on the current clients, so that their pools may hold a kept-alive connection. */
    private volatile boolean mayHoldKeptAlive;

    ServerHttp(OpenAiEngineConfig config) {
        this.config = config;
    }

    OpenAiEngineConfig config() {
        return config;
    }

    /**
     * The client whose connect timeout is this one. Its executor runs tasks on the calling thread: the client's
     * selector thread then hands each received piece of the body straight to the reader's queue instead of through
     * a pool thread, one thread wake-up less between a chunk's arrival and its timestamp (measured: 0.5 ms → 0.1–0.25
     * ms on a loaded two-core VM). Safe because nothing here attaches slow dependent stages to the client's futures.
     */
    HttpClient client(Duration connectTimeout) {
        long now = System.nanoTime();
        if (now - lastActive.getAndSet(now) > idleLimitNanos) {
            renew(); // every pooled connection may be one the server has closed or is closing
        }
        return clients.computeIfAbsent(connectTimeout, d -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(d)
                .executor(Runnable::run)
                .build());
    }

    /**
     * An exchange ended now (its answer was read, or it failed): the pooled connections are fresh from here on.
     * {@code headers}, when there was an answer, may announce the server's idle limit.
     */
    void active(HttpHeaders headers) {
        lastActive.set(System.nanoTime());
        if (headers != null) {
            mayHoldKeptAlive = true;
            headers.firstValue("Keep-Alive").ifPresent(v -> idleLimitNanos = idleLimit(v).toNanos());
        }
    }

    /** Drops the clients and so their pools: the next request opens a fresh connection. */
    void renew() {
        mayHoldKeptAlive = false;
        clients.clear();
    }

    /**
     * Whether {@code failure} (of a request that got no answer) is a kept-alive connection the server had closed:
     * nothing of the answer arrived (the JDK says its header parser received no bytes, or marks the connection
     * expired) and the pool may have held a kept-alive connection. If so, the pool is renewed, so that sending the
     * request again takes a fresh connection, whose own failure is then final. Any other failure is not this.
     */
    boolean staleConnection(Throwable failure) {
        if (!mayHoldKeptAlive) {
            return false;
        }
        for (Throwable c = failure; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (c.getClass().getName().equals(CONNECTION_EXPIRED) || (m != null && m.contains(NO_BYTES))) {
                renew();
                return true;
            }
        }
        return false;
    }

    /**
     * How long connections may stay idle and still be reused, from a {@code Keep-Alive} header value such as
     * {@code timeout=5, max=100}: a second less than the server's timeout (half of it below 2 s), so that a request
     * never races the server's close; {@link #DEFAULT_IDLE_LIMIT} when the value names no timeout. Pure.
     */
    static Duration idleLimit(String keepAlive) {
        for (String part : keepAlive.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("timeout")) {
                try {
                    long seconds = Long.parseLong(kv[1].strip());
                    if (seconds >= 0) {
                        return seconds >= 2 ? Duration.ofSeconds(seconds - 1) : Duration.ofMillis(seconds * 500);
                    }
                } catch (NumberFormatException notANumber) {
                    break;
                }
            }
        }
        return DEFAULT_IDLE_LIMIT;
    }

    /** A request builder for a path of this server, with the API key when there is one. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(config.uri(path));
        if (config.apiKey() != null) {
            b.header("Authorization", "Bearer " + config.apiKey());
        }
        return b;
    }

    Reply get(String path) throws EngineException {
        return get(path, config.defaultTimeouts().total());
    }

    /** A GET that must be answered completely within {@code total}. */
    Reply get(String path, Duration total) throws EngineException {
        return call(request(path).header("Accept", "application/json").GET().build(), total);
    }

    Reply postJson(String path, String json) throws EngineException {
        return call(request(path).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), config.defaultTimeouts().total());
    }

    /**
     * One short call: the configured connect limit, then {@code total} for the whole answer. Sent again (at most
     * {@link OpenAiEngine#MAX_STALE_RETRIES} times) when the server had closed the kept-alive connection it was
     * written on before any byte of an answer: these calls (model list, tokenizer, version) change nothing on the
     * server, and the JDK does the same for GET on its own.
     */
    private Reply call(HttpRequest request, Duration total) throws EngineException {
        Duration connect = config.defaultTimeouts().connect();
        long deadline = System.nanoTime() + total.toNanos();
        for (int attempt = 0; ; attempt++) {
            try {
                return callOnce(request, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), connect);
            } catch (ExecutionException | CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (attempt >= OpenAiEngine.MAX_STALE_RETRIES || !staleConnection(cause)) {
                    throw sendFailure(cause, connect, request.method() + " " + request.uri());
                }
            }
        }
    }

    private Reply callOnce(HttpRequest request, Duration total, Duration connect)
            throws EngineException, ExecutionException {
        CompletableFuture<HttpResponse<String>> f =
                client(connect).sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> r = f.get(total.toMillis(), TimeUnit.MILLISECONDS);
            active(r.headers());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new EngineException(FailureCode.TIMEOUT, request.method() + " " + request.uri()
                    + " not answered within " + Watchdog.seconds(total) + " s (total timeout)");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new EngineException(FailureCode.CANCELLED, request.method() + " " + request.uri() + " interrupted");
        } catch (CancellationException e) {
            throw new ExecutionException(e);
        } finally {
            active(null);
        }
    }

    /**
     * The failure for an exception of {@code send}: connect timeout → TIMEOUT, refused or unknown host →
     * ENGINE_UNAVAILABLE, any other I/O failure before an answer → CONNECTION_RESET.
     */
    EngineException sendFailure(Throwable t, Duration connectTimeout, String what) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) {
                return new EngineException(FailureCode.TIMEOUT, "could not connect to " + config.endpoint()
                        + " within " + Watchdog.seconds(connectTimeout) + " s (connect timeout)", t);
            }
            if (c instanceof ConnectException || c instanceof UnresolvedAddressException) {
                return new EngineException(FailureCode.ENGINE_UNAVAILABLE, "cannot connect to "
                        + config.endpoint() + " (" + describe(c) + "): is the server running?", t);
            }
            if (c instanceof HttpTimeoutException) {
                return new EngineException(FailureCode.TIMEOUT, what + ": " + describe(c), t);
            }
        }
        if (t instanceof IOException) {
            return new EngineException(FailureCode.CONNECTION_RESET,
                    "connection to " + config.endpoint() + " broke before an answer to " + what + ": " + describe(t), t);
        }
        return new EngineException(FailureCode.INTERNAL, what + " failed: " + describe(t), t);
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        String name = t instanceof ConnectException ? "connection refused" : t.getClass().getSimpleName();
        return m == null || m.isBlank() ? name : name + ": " + m;
    }
}
