package dev.fleetbench.worker.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sequential little-endian reads from a file channel through a small buffer, knowing its position and the file size,
 * so that every length read from the file can be checked against what is left before anything is allocated.
 * Not thread-safe.
 */
final class LittleEndianInput {

    /** Longest metadata string we materialise (real chat templates are tens of kilobytes). */
    static final long MAX_STRING_BYTES = 16L * 1024 * 1024;

    private final FileChannel channel;
    private final Path file;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    /** File offset of buffer position 0. */
    private long bufferStart;

    LittleEndianInput(FileChannel channel, Path file) throws IOException {
        this.channel = channel;
        this.file = file;
        this.size = channel.size();
        buffer.limit(0);
    }

    long position() {
        return bufferStart + buffer.position();
    }

    long size() {
        return size;
    }

    long remaining() {
        return size - position();
    }

    GgufFormatException problem(String what) {
        return new GgufFormatException(file, what);
    }

    /** Makes at least {@code n} (≤ buffer capacity) bytes available, or fails naming what was being read. */
    private void need(int n, String what) throws IOException {
        if (buffer.remaining() >= n) {
            return;
        }
        if (remaining() < n) {
            throw problem("truncated: " + what + " at offset " + position() + " needs " + n
                    + " bytes but the file ends at " + size);
        }
        long pos = position();
        buffer.compact();
        bufferStart = pos - buffer.position();
        while (buffer.position() < n) {
            if (channel.read(buffer, bufferStart + buffer.position()) < 0) {
                throw problem("truncated: " + what + " at offset " + pos);
            }
        }
        buffer.flip();
    }

    int u8(String what) throws IOException {
        need(1, what);
        return buffer.get() & 0xFF;
    }

    int i16(String what) throws IOException {
        need(2, what);
        return buffer.getShort();
    }

    int i32(String what) throws IOException {
        need(4, what);
        return buffer.getInt();
    }

    long u32(String what) throws IOException {
        return i32(what) & 0xFFFF_FFFFL;
    }

    long i64(String what) throws IOException {
        need(8, what);
        return buffer.getLong();
    }

    float f32(String what) throws IOException {
        need(4, what);
        return buffer.getFloat();
    }

    double f64(String what) throws IOException {
        need(8, what);
        return buffer.getDouble();
    }

    /**
     * A GGUF string: u64 length then UTF-8 bytes. The length is bounded by what is left of the file and by
     * {@link #MAX_STRING_BYTES}, so a garbage length can never make us allocate gigabytes.
     */
    String string(String what) throws IOException {
        long len = i64(what + " length");
        if (len < 0 || len > remaining()) {
            throw problem(what + " at offset " + (position() - 8) + " claims " + Long.toUnsignedString(len)
                    + " bytes but only " + remaining() + " are left in the file");
        }
        if (len > MAX_STRING_BYTES) {
            throw problem(what + " at offset " + (position() - 8) + " claims " + len
                    + " bytes; metadata strings above " + MAX_STRING_BYTES + " bytes are not plausible");
        }
        byte[] bytes = new byte[(int) len];
        int done = 0;
        while (done < bytes.length) {
            int chunk = Math.min(bytes.length - done, buffer.capacity());
            need(chunk, what);
            buffer.get(bytes, done, chunk);
            done += chunk;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Skips a GGUF string without materialising it. */
    void skipString(String what) throws IOException {
        long len = i64(what + " length");
        if (len < 0 || len > remaining()) {
            throw problem(what + " at offset " + (position() - 8) + " claims " + Long.toUnsignedString(len)
                    + " bytes but only " + remaining() + " are left in the file");
        }
        skip(len);
    }

    void skip(long n) {
        long target = position() + n;
        if (n <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) n);
        } else {
            bufferStart = target;
            buffer.clear().limit(0);
        }
    }
}
