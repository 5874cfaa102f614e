package dev.fleetbench.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import dev.fleetbench.coordinator.wiring.CoordinatorVerticle;
import dev.fleetbench.coordinator.app.HttpPolicy;
import dev.fleetbench.coordinator.store.DuckDbStore;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP edge, over raw sockets so that nothing (no client library) fixes up a request on the way: the token is
 * checked before a body is read, foreign hosts and origins and non-JSON/YAML bodies are refused, security headers are
 * on every answer, reads can be protected, and slow or non-reading clients cannot hold the coordinator's memory.
 */
@Timeout(120)
class HttpEdgeIT {

    private static final String TOKEN = "edge-test-token";
    private static final String SPEC = "{\"name\":\"x\",\"models\":[\"stories260K\"],\"prompts\":[{\"id\":\"a\",\"text\":\"A\"}]}";

    @TempDir
    Path dir;
    private Vertx vertx;
    private DuckDbStore store;
    private int port;

    private void start(String token, boolean protectReads) throws Exception {
        start(token, protectReads, HttpPolicy.HEAD_TIMEOUT);
    }

    private void start(String token, boolean protectReads, java.time.Duration headTimeout) throws Exception {
        vertx = Vertx.vertx();
        store = DuckDbStore.open(dir.resolve("fleetbench.duckdb"));
        CoordinatorConfig config = new CoordinatorConfig("127.0.0.1", 0,
                ClusterSettings.coordinator("unused", "127.0.0.1", 0, List.of()), dir, token, CoordinatorSettings.DEFAULTS,
                null, new HttpPolicy(protectReads, List.of("fleetbench.lab"), headTimeout), true);
        CoordinatorVerticle v = new CoordinatorVerticle(config, store, Clock.systemUTC(), "test");
        vertx.deployVerticle(v).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        port = v.httpPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            store.close();
        }
    }

    /** Sends raw bytes; returns what came back until the server closed or 5 s of silence. */
    private String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return readSome(s.getInputStream());
        }
    }

    private static String readSome(InputStream in) throws Exception {
        StringBuilder out = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                if (out.indexOf("\r\n\r\n") > 0 && out.indexOf("}") > 0) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // silence: return what came
        }
        return out.toString();
    }

    private String post(String path, String host, String origin, String contentType, String body) throws Exception {
        return raw("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + (origin == null ? "" : "Origin: " + origin
                + "\r\n") + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
    }

    private String get(String path, String host, String extraHeaders) throws Exception {
        return raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders + "Connection: close\r\n\r\n");
    }

    @Test
    void theTokenIsCheckedBeforeABodyIsRead() throws Exception {
        start(TOKEN, false);
        for (String path : List.of("/api/import/campaigns", "/api/campaigns")) {
            // 60 MiB announced, none sent: the answer must come without waiting for the body.
            String answer = raw("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (60 * 1024 * 1024) + "\r\n\r\n");
            assertThat(answer).as(path).startsWith("HTTP/1.1 401").contains("Authorization: Bearer");
        }
    }

    @Test
    void crossSiteRequestsForeignHostsAndOtherBodiesAreRefused() throws Exception {
        start(null, false);
        String host = "127.0.0.1:" + port;
        assertThat(post("/api/campaigns", host, "http://evil.example", "text/plain", SPEC))
                .startsWith("HTTP/1.1 403").contains("cross-origin request from 'http://evil.example' refused");
        assertThat(post("/api/campaigns", host, "null", "application/json", SPEC)).startsWith("HTTP/1.1 403");
        assertThat(post("/api/campaigns", host, null, "text/plain", SPEC))
                .startsWith("HTTP/1.1 415").contains("unsupported content type 'text/plain'");
        assertThat(post("/api/campaigns", host, null, "application/x-www-form-urlencoded", "a=b"))
                .startsWith("HTTP/1.1 415");
        assertThat(post("/api/campaigns", host, null, null, SPEC)).startsWith("HTTP/1.1 415");
        assertThat(raw("POST /api/campaigns HTTP/1.1\r\nHost: " + host + "\r\nSec-Fetch-Site: cross-site\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"))
                .startsWith("HTTP/1.1 403");
        assertThat(get("/api/workers", "rebind.attacker.example:" + port, ""))
                .startsWith("HTTP/1.1 421").contains("is not a name of this coordinator");
        assertThat(get("/", "rebind.attacker.example", "")).startsWith("HTTP/1.1 421");
        // The coordinator's own names and origins pass.
        assertThat(get("/api/workers", "localhost:" + port, "")).startsWith("HTTP/1.1 200");
        assertThat(get("/api/workers", "fleetbench.lab:" + port, "")).startsWith("HTTP/1.1 200");
        assertThat(get("/api/workers", "[::1]:" + port, "")).startsWith("HTTP/1.1 200");
        assertThat(post("/api/campaigns", host, "http://" + host, "application/json; charset=utf-8", SPEC))
                .startsWith("HTTP/1.1 201");
        assertThat(post("/api/campaigns", host, null, "application/yaml",
                "name: y\nmodels: [stories260K]\nprompts: [{id: a, text: A}]\n")).startsWith("HTTP/1.1 201");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        start(null, false);
        for (String path : List.of("/", "/index.html", "/api/health", "/api/nothing")) {
            String answer = get(path, "127.0.0.1:" + port, "").toLowerCase(java.util.Locale.ROOT);
            assertThat(answer).as(path).contains("content-security-policy: default-src 'self'; script-src 'self';")
                    .contains("frame-ancestors 'none'").contains("x-content-type-options: nosniff")
                    .contains("referrer-policy: no-referrer").doesNotContain("unsafe-eval");
        }
    }

    @Test
    void readsCanBeProtectedWhileTheUiStillLoads() throws Exception {
        start(TOKEN, true);
        String host = "127.0.0.1:" + port;
        for (String path : List.of("/api/workers", "/api/campaigns", "/api/recommendations", "/metrics", "/api/events")) {
            assertThat(get(path, host, "")).as(path).startsWith("HTTP/1.1 401");
        }
        assertThat(get("/api/workers", host, "Authorization: Bearer " + TOKEN + "\r\n")).startsWith("HTTP/1.1 200");
        assertThat(get("/api/workers", host, "Authorization: Bearer wrong\r\n")).startsWith("HTTP/1.1 401")
                .contains("the bearer token is wrong");
        assertThat(get("/api/health", host, "")).startsWith("HTTP/1.1 200");
        assertThat(get("/", host, "")).startsWith("HTTP/1.1 200");
    }

    @Test
    void connectionsAreCapped() throws Exception {
        start(null, false);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < HttpPolicy.MAX_CONNECTIONS + 20; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.setSoTimeout(5000);
                sockets.add(s);
            }
            int closed = 0;
            for (Socket s : sockets.subList(HttpPolicy.MAX_CONNECTIONS, sockets.size())) {
                try {
                    if (s.getInputStream().read() == -1) {
                        closed++;
                    }
                } catch (java.io.IOException e) {
                    closed++;
                }
            }
            assertThat(closed).as("connections beyond the cap are closed").isEqualTo(20);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L; // the closed connections are released asynchronously
        String health = get("/api/health", "127.0.0.1", "");
        while (!health.startsWith("HTTP/1.1 200") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            health = get("/api/health", "127.0.0.1", "");
        }
        assertThat(health).as("serves again once they are gone").startsWith("HTTP/1.1 200");
    }

    private Socket stream() throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        s.setReceiveBufferSize(4096);
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        return s;
    }

    @Test
    void eventStreamsAreCapped() throws Exception {
        start(null, false);
        List<Socket> streams = new ArrayList<>();
        try {
            for (int i = 0; i < HttpPolicy.MAX_EVENT_STREAMS; i++) {
                streams.add(stream());
            }
            assertThat(get("/api/events", "127.0.0.1", "")).as("one stream too many").startsWith("HTTP/1.1 503")
                    .contains("too many event streams");
        } finally {
            for (Socket s : streams) {
                s.close();
            }
        }
        try (Socket again = streamWithin(java.time.Duration.ofSeconds(10))) {
            assertThat(again.isConnected()).as("a new stream opens once the others are gone").isTrue();
        }
    }

    /**
     * An event stream, asked again until the server serves one: it counts a closed stream as gone once it has seen its
     * socket close, which takes a moment after the client closed it.
     */
    private Socket streamWithin(java.time.Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            Socket s = new Socket("127.0.0.1", port);
            s.setReceiveBufferSize(4096);
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            if (status.equals("HTTP/1.1 200")) {
                return s;
            }
            s.close();
            assertThat(status).as("only the cap refuses a stream").isEqualTo("HTTP/1.1 503");
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no event stream within " + max.toSeconds() + " s of the others closing");
            }
            Thread.sleep(50);
        }
    }

    /** Milliseconds until the server closes {@code s} (EOF or reset), reading and discarding what comes. */
    private static long untilClosed(Socket s, long limitMs) throws Exception {
        long start = System.nanoTime();
        s.setSoTimeout(250);
        byte[] buf = new byte[65536];
        while ((System.nanoTime() - start) / 1_000_000 < limitMs) {
            try {
                if (s.getInputStream().read(buf) == -1) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (SocketTimeoutException e) {
                // still open
            } catch (java.net.SocketException e) {
                return (System.nanoTime() - start) / 1_000_000; // reset
            }
        }
        return -1;
    }

    @Test
    void aTrickledRequestHeadIsCutOffAtItsDeadline() throws Exception {
        start(null, false, java.time.Duration.ofSeconds(2));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            boolean closed = false;
            // One header byte every 200 ms: the 60 s idle timeout would never fire.
            for (int i = 0; i < 100 && !closed; i++) {
                try {
                    s.getOutputStream().write('X');
                    s.getOutputStream().flush();
                    Thread.sleep(200);
                    s.setSoTimeout(1);
                    closed = s.getInputStream().read() == -1;
                } catch (SocketTimeoutException e) {
                    // open
                } catch (java.io.IOException e) {
                    closed = true;
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(closed).as("a head trickled for 20 s is cut off").isTrue();
            assertThat(ms).as("cut off near the 2 s deadline, not at the idle timeout").isBetween(1_500L, 15_000L);
        }
        assertThat(get("/api/health", "127.0.0.1", "")).as("others are served").startsWith("HTTP/1.1 200");
    }

    @Test
    void aKeptAliveConnectionWaitsForItsNextHeadOnlyUntilTheDeadline() throws Exception {
        start(null, false, java.time.Duration.ofSeconds(2));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            for (int i = 0; i < 3; i++) { // requests within the deadline keep the connection
                s.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(readSome(s.getInputStream())).startsWith("HTTP/1.1 200");
                Thread.sleep(1000);
            }
            long ms = untilClosed(s, 15_000);
            assertThat(ms).as("then closed at the deadline after the last answer (ms after the wait began)")
                    .isBetween(0L, 10_000L);
        }
    }

    @Test
    void aStreamClientThatStopsReadingIsDroppedNotBuffered() throws Exception {
        start(null, false);
        try (Socket s = stream()) {
            // 16 MB of events to a client that reads nothing meanwhile: far more than the kernel's socket buffers on
            // loopback (a few MB at most) and 64 times the per-stream queue.
            String big = "x".repeat(8192);
            int events = 2048;
            dev.fleetbench.coordinator.app.Events ev = new dev.fleetbench.coordinator.app.Events(vertx.eventBus());
            for (int i = 0; i < events; i++) {
                ev.publish("lease", dev.fleetbench.coordinator.app.Events.fields("n", i, "pad", big));
                if (i % 256 == 255) {
                    Thread.sleep(100); // let the coordinator write, so the socket buffers are full before the rest
                }
            }
            long sent = (long) events * big.length();
            // Now read: a dropped client finds the end of the stream after far less than was published; one that was
            // kept would read all of it and then wait (a read times out).
            long read = 0;
            boolean ended = false;
            s.setSoTimeout(5000);
            byte[] buf = new byte[65536];
            try {
                int n;
                while ((n = s.getInputStream().read(buf)) > 0) {
                    read += n;
                }
                ended = true;
            } catch (SocketTimeoutException e) {
                ended = false;
            } catch (java.net.SocketException e) {
                ended = true; // reset
            }
            assertThat(ended).as("the coordinator ended the stream of a client that stopped reading (%,d bytes read)",
                    read).isTrue();
            assertThat(read).as("bytes that reached the client before it was dropped, of %,d published", sent)
                    .isLessThan(sent / 2);
        }
        try (Socket again = stream()) {
            assertThat(again.isConnected()).as("the coordinator still serves streams").isTrue();
        }
    }
}
