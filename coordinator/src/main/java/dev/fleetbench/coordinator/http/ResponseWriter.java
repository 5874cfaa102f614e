package dev.fleetbench.coordinator.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A {@link Writer} for a blocking exporter (run on a worker thread) that streams into a chunked HTTP response in
 * 64 KiB pieces, waiting while the client is slower than the export, so memory stays bounded: at most the response's
 * write queue (its high-water mark) and one piece. A client that takes nothing for {@link #STALL} ends the export
 * with an {@link IOException} instead of making it buffer the rest.
 */
final class ResponseWriter extends Writer {

    /** How long a client may take nothing before the export gives up on it. */
    static final Duration STALL = Duration.ofSeconds(30);
    private static final int CHUNK = 64 * 1024;
    private final HttpServerResponse response;
    private final long stallMs;
    private final StringBuilder pending = new StringBuilder(CHUNK);

    ResponseWriter(HttpServerResponse response) {
        this(response, STALL);
    }

    ResponseWriter(HttpServerResponse response, Duration stall) {
        this.response = response;
        this.stallMs = stall.toMillis();
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        pending.append(cbuf, off, len);
        if (pending.length() >= CHUNK) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        if (pending.length() == 0) {
            return;
        }
        long waited = 0;
        while (response.writeQueueFull()) {
            if (response.closed()) {
                break;
            }
            if (waited >= stallMs) {
                throw new IOException("the client took nothing for " + stallMs + " ms; the export stops");
            }
            try {
                Thread.sleep(10);
                waited += 10;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the client was slow", e);
            }
        }
        if (response.closed()) {
            throw new IOException("the client went away");
        }
        response.write(Buffer.buffer(pending.toString().getBytes(StandardCharsets.UTF_8)));
        pending.setLength(0);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
