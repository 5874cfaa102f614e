package dev.fleetbench.worker.engine.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;

/**
 * Follows the log file that llama.cpp writes for one loaded model ({@code --log-file}, set through
 * {@code ModelParameters#setLogFile}).
 *
 * <p>Why a file: the binding's Java API exposes no timings, and its {@code LlamaModel.setLogger} only receives
 * llama.cpp's library logs; the per-request timing block comes from llama.cpp's server code through its
 * "common" logger, which writes to stderr and, when asked, to a file (verified with de.kherud:llama 4.1.0 /
 * llama.cpp b4916: the callback saw 64 library lines and no timing line). That logger writes on its own thread, so
 * the block may land a moment after the last token: {@link #timingsSince} polls for it briefly. Not thread-safe:
 * used by the engine's single caller.
 */
final class LlamaLogTail implements AutoCloseable {

    private final Path file;

    LlamaLogTail(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Current end of the log: pass it to {@link #timingsSince} after the request. */
    long mark() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Text written since {@code offset} (at most 4 MiB of it: the timing block comes early after a request). */
    String textSince(long offset) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= offset) {
                return "";
            }
            int n = (int) Math.min(size - offset, 4L << 20);
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                // keep reading until full or end of file
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The first complete timing block written after {@code offset}, waiting up to {@code wait} for it; empty when
     * llama.cpp printed none in time (a cancelled request, or a build that logs differently).
     */
    Map<String, Double> timingsSince(long offset, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Map<String, Double> t = LlamaTimings.parse(textSince(offset));
            if (!t.isEmpty() || System.nanoTime() >= deadline) {
                return t;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return t;
            }
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
