package dev.fleetbench.coordinator.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A {@link Writer} for a blocking exporter (run on a worker thread) that streams into a chunked HTTP response in
 * 64 KiB pieces, waiting while the client is slower than the export so memory stays bounded.
 */
final class ResponseWriter extends Writer {

    private static final int CHUNK = 64 * 1024;
    private final HttpServerResponse response;
    private final StringBuilder pending = new StringBuilder(CHUNK);

    ResponseWriter(HttpServerResponse response) {
        this.response = response;
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
        if (response.closed()) {
            throw new IOException("the client went away");
        }
        long waited = 0;
        while (response.writeQueueFull() && waited < 30_000) {
            try {
                Thread.sleep(10);
                waited += 10;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the client was slow", e);
            }
        }
        response.write(Buffer.buffer(pending.toString().getBytes(StandardCharsets.UTF_8)));
        pending.setLength(0);
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
