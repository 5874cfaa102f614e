package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The management calls of Foundry Local over HTTP (JDK client, HTTP/1.1, no proxy, no redirects: a request goes
 * exactly to the discovered loopback URL). Every call is bounded; a refused or broken connection is a
 * {@link ServiceUnreachable}, which triggers rediscovery. Sends the User-Agent the SDKs send, with our name.
 * Thread-safe.
 */
final class FoundryHttp {

    static final String USER_AGENT = "foundry-local-fleetbench/1";

    /** A complete, small answer. */
    record Reply(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient client;

    FoundryHttp(Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(connectTimeout)
                .build();
    }

    Reply get(String base, String path, Duration total) throws EngineException {
        return call(builder(base, path).GET().build(), total);
    }

    Reply postJson(String base, String path, String json, Duration total) throws EngineException {
        return call(builder(base, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), total);
    }

    /** A POST whose answer is read as a stream (the download); {@code headers} bounds the wait for the status line. */
    HttpResponse<InputStream> postStream(String base, String path, String json, Duration headers)
            throws EngineException {
        HttpRequest request = builder(base, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        CompletableFuture<HttpResponse<InputStream>> f =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        return await(f, request, headers);
    }

    private HttpRequest.Builder builder(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("User-Agent", USER_AGENT)
                .header("Accept", "application/json, text/plain, */*");
    }

    private Reply call(HttpRequest request, Duration total) throws EngineException {
        CompletableFuture<HttpResponse<String>> f = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> r = await(f, request, total);
        return new Reply(r.statusCode(), r.body() == null ? "" : r.body());
    }

    private static <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> f, HttpRequest request,
                                             Duration total) throws EngineException {
        String what = request.method() + " " + request.uri();
        try {
            return f.get(total.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new EngineException(FailureCode.TIMEOUT, what + " not answered within " + total.toSeconds()
                    + " s");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new EngineException(FailureCode.CANCELLED, what + " interrupted");
        } catch (ExecutionException | CancellationException e) {
            throw failure(e.getCause() == null ? e : e.getCause(), what);
        }
    }

    static EngineException failure(Throwable t, String what) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) {
                return new EngineException(FailureCode.TIMEOUT, what + ": connect timeout", t);
            }
            if (c instanceof ConnectException) {
                return new ServiceUnreachable(FailureCode.ENGINE_UNAVAILABLE, what
                        + ": connection refused (Foundry Local is not listening there)", t);
            }
        }
        if (t instanceof IOException) {
            return new ServiceUnreachable(FailureCode.CONNECTION_RESET, what + ": the connection broke before an"
                    + " answer (" + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage())
                    + ")", t);
        }
        return new EngineException(FailureCode.INTERNAL, what + " failed: " + t, t);
    }
}
