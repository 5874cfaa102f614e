package dev.fleetbench.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An export streamed through {@link ResponseWriter} by a worker thread, to a real client socket: a client that reads
 * gets everything; one that stops reading holds at most the response's write queue and one piece, and the export
 * gives up on it after the stall time instead of buffering the rest in memory.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class ResponseWriterTest {

    /** One export line of 1 KiB. */
    private static final char[] LINE = line();
    /** Far more than a write queue and the socket buffers hold together. */
    private static final long TOTAL = 256L << 20;

    private static char[] line() {
        char[] c = new char[1024];
        Arrays.fill(c, 'x');
        c[c.length - 1] = '\n';
        return c;
    }

    private record Export(int port, CompletableFuture<Throwable> outcome, AtomicLong written) {
    }

    /** A server whose one route writes {@code lines} export lines through a ResponseWriter on a worker thread. */
    private static Export serve(Vertx vertx, long lines, Duration stall) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        AtomicLong written = new AtomicLong();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            var response = req.response().setChunked(true);
            vertx.executeBlocking(() -> {
                try (ResponseWriter w = new ResponseWriter(response, stall)) {
                    for (long i = 0; i < lines; i++) {
                        w.write(LINE);
                        written.addAndGet(LINE.length);
                    }
                }
                return null;
            }, false).onComplete(ar -> {
                if (ar.succeeded()) {
                    response.end();
                    outcome.complete(null);
                } else {
                    response.reset();
                    outcome.complete(ar.cause());
                }
            });
        });
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)
                .actualPort();
        return new Export(port, outcome, written);
    }

    private static Socket ask(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.getOutputStream().write("GET /export HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    @Test
    void aReadingClientGetsTheWholeExport(Vertx vertx) throws Exception {
        long lines = 4096; // 4 MiB
        Export export = serve(vertx, lines, Duration.ofSeconds(20));
        long received = 0;
        try (Socket s = ask(export.port())) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long xs = 0;
            for (int n; xs < lines * (LINE.length - 1) && (n = in.read(buf)) > 0; ) {
                received += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == 'x') {
                        xs++;
                    }
                }
            }
            assertThat(xs).isEqualTo(lines * (LINE.length - 1));
        }
        assertThat(export.outcome().get(30, TimeUnit.SECONDS)).as("the export's outcome").isNull();
        assertThat(received).isGreaterThan(lines * LINE.length);
    }

    @Test
    void aClientThatStopsReadingEndsTheExportInsteadOfFillingMemory(Vertx vertx) throws Exception {
        Export export = serve(vertx, TOTAL / LINE.length, Duration.ofMillis(1500));
        try (Socket s = ask(export.port())) {
            Throwable failure = export.outcome().get(40, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("took nothing for 1500 ms");
        }
        // the queue's high-water mark, one piece and the socket buffers: a few MiB at most, never the 256 MiB asked
        assertThat(export.written().get()).isLessThan(32L << 20);
    }
}
