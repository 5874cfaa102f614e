package dev.fleetbench.worker.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleConsumer;

/**
 * Writes a GGUF v3 file with F32 tensors, streaming: tensor data is produced by a {@link TensorSource} straight into
 * a 1 MiB buffer, so a 480 MB model never sits in memory. The same metadata, tensors and sources give the same
 * bytes (metadata is written in insertion order). Not thread-safe; one writer per file.
 */
public final class GgufWriter {

    /** Produces the values of one F32 tensor, in ggml order (fastest dimension first). */
    @FunctionalInterface
    public interface TensorSource {
        void write(FloatSink sink) throws IOException;
    }

    /** Receives float values; {@link #put} must be called exactly once per element of the tensor. */
    public interface FloatSink {
        void put(float value) throws IOException;
    }

    private record Tensor(String name, long[] dims, long elements, TensorSource source) {
    }

    private final int alignment;
    private final Map<String, Object[]> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    /** @param alignment data alignment in bytes, a power of two (GGUF's default is 32) */
    public GgufWriter(int alignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two: " + alignment);
        }
        this.alignment = alignment;
        if (alignment != GgufReader.DEFAULT_ALIGNMENT) {
            putU32("general.alignment", alignment);
        }
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValueType.STRING, Objects.requireNonNull(value, key));
    }

    public GgufWriter putU32(String key, long value) {
        return put(key, GgufValueType.UINT32, value);
    }

    public GgufWriter putF32(String key, float value) {
        return put(key, GgufValueType.FLOAT32, value);
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, value);
    }

    public GgufWriter putStringArray(String key, List<String> values) {
        return put(key, GgufValueType.ARRAY, new Object[] {GgufValueType.STRING, List.copyOf(values)});
    }

    public GgufWriter putF32Array(String key, float[] values) {
        return put(key, GgufValueType.ARRAY, new Object[] {GgufValueType.FLOAT32, values.clone()});
    }

    public GgufWriter putI32Array(String key, int[] values) {
        return put(key, GgufValueType.ARRAY, new Object[] {GgufValueType.INT32, values.clone()});
    }

    private GgufWriter put(String key, GgufValueType type, Object value) {
        metadata.put(key, new Object[] {type, value});
        return this;
    }

    /** Adds an F32 tensor; {@code dims} fastest-varying first, as ggml has them. */
    public GgufWriter addTensor(String name, long[] dims, TensorSource source) {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        tensors.add(new Tensor(name, dims.clone(), n, source));
        return this;
    }

    /** Bytes of tensor data plus padding, i.e. the size of the data section. */
    public long dataBytes() {
        long off = 0;
        for (Tensor t : tensors) {
            off = GgufReader.align(off, alignment) + t.elements * 4;
        }
        return off;
    }

    /**
     * Writes the file (replacing it), reporting progress 0–100 by bytes of tensor data written.
     */
    public void write(Path file, DoubleConsumer progress) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Out out = new Out(ch);
            out.i32(GgufReader.MAGIC).i32(3).i64(tensors.size()).i64(metadata.size());
            for (Map.Entry<String, Object[]> kv : metadata.entrySet()) {
                out.string(kv.getKey());
                GgufValueType type = (GgufValueType) kv.getValue()[0];
                out.i32(type.code());
                value(out, type, kv.getValue()[1]);
            }
            long offset = 0;
            for (Tensor t : tensors) {
                offset = GgufReader.align(offset, alignment);
                out.string(t.name).i32(t.dims.length);
                for (long d : t.dims) {
                    out.i64(d);
                }
                out.i32(GgmlType.F32.code()).i64(offset);
                offset += t.elements * 4;
            }
            out.padTo(alignment);
            long total = Math.max(1, dataBytes());
            long start = out.position();
            for (Tensor t : tensors) {
                out.padTo(alignment);
                long before = out.position();
                t.source.write(out);
                if (out.position() - before != t.elements * 4) {
                    throw new IllegalStateException("tensor " + t.name + " wrote " + (out.position() - before) / 4
                            + " values, expected " + t.elements);
                }
                progress.accept(100.0 * (out.position() - start) / total);
            }
            out.flush();
        }
    }

    private static void value(Out out, GgufValueType type, Object v) throws IOException {
        switch (type) {
            case STRING -> out.string((String) v);
            case UINT32 -> out.i32((int) (long) (Long) v);
            case FLOAT32 -> out.f32((Float) v);
            case BOOL -> out.u8((Boolean) v ? 1 : 0);
            case ARRAY -> {
                Object[] a = (Object[]) v;
                GgufValueType et = (GgufValueType) a[0];
                out.i32(et.code());
                if (a[1] instanceof List<?> list) {
                    out.i64(list.size());
                    for (Object s : list) {
                        out.string((String) s);
                    }
                } else if (a[1] instanceof float[] fs) {
                    out.i64(fs.length);
                    for (float f : fs) {
                        out.f32(f);
                    }
                } else {
                    int[] is = (int[]) a[1];
                    out.i64(is.length);
                    for (int i : is) {
                        out.i32(i);
                    }
                }
            }
            default -> throw new IllegalArgumentException("writer does not emit " + type);
        }
    }

    /** Little-endian buffered output that counts bytes; also the {@link FloatSink} of every tensor. */
    private static final class Out implements FloatSink {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private long flushed;

        Out(FileChannel ch) {
            this.ch = ch;
        }

        long position() {
            return flushed + buf.position();
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                flush();
            }
        }

        void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                flushed += ch.write(buf);
            }
            buf.clear();
        }

        Out u8(int v) throws IOException {
            room(1);
            buf.put((byte) v);
            return this;
        }

        Out i32(int v) throws IOException {
            room(4);
            buf.putInt(v);
            return this;
        }

        Out i64(long v) throws IOException {
            room(8);
            buf.putLong(v);
            return this;
        }

        Out f32(float v) throws IOException {
            room(4);
            buf.putFloat(v);
            return this;
        }

        Out string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            for (int i = 0; i < b.length; i += buf.capacity()) {
                int n = Math.min(buf.capacity(), b.length - i);
                room(n);
                buf.put(b, i, n);
            }
            return this;
        }

        void padTo(int alignment) throws IOException {
            while (position() % alignment != 0) {
                u8(0);
            }
        }

        @Override
        public void put(float value) throws IOException {
            room(4);
            buf.putFloat(value);
        }
    }
}
