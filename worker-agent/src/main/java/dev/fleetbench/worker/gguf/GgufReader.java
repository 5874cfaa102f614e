package dev.fleetbench.worker.gguf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the header of a GGUF file (versions 2 and 3): metadata key/value pairs and tensor infos, without loading
 * tensor data. Pure Java, no native code.
 *
 * <p>Every count and length read from the file is checked against the bytes left in the file before anything is
 * allocated, and the tensor data ranges are checked against the file size, so a truncated, garbage or hostile file
 * gives a {@link GgufFormatException} that names the file and the problem, never an OutOfMemoryError and never a
 * half-read result. Stateless and thread-safe.
 */
public final class GgufReader {

    /** "GGUF" read as a little-endian u32. */
    static final int MAGIC = 0x46554747;
    static final int DEFAULT_ALIGNMENT = 32;
    /** Deeper nesting than arrays of arrays is not used by any model and only serves to blow the stack. */
    private static final int MAX_ARRAY_DEPTH = 4;
    private static final int MAX_DIMENSIONS = 8;

    private GgufReader() {
    }

    /**
     * Reads the header of {@code file}.
     *
     * @throws GgufFormatException when the file is not a valid GGUF v2/v3 file (the message says why)
     * @throws IOException         when the file cannot be read at all (missing, permissions)
     */
    public static GgufFile read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(new LittleEndianInput(ch, file), file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
    }

    private static GgufFile read(LittleEndianInput in, Path file) throws IOException {
        if (in.size() < 24) {
            throw in.problem("not a GGUF file: only " + in.size() + " bytes, a GGUF header needs at least 24");
        }
        int magic = in.i32("magic");
        if (magic != MAGIC) {
            throw in.problem(String.format("not a GGUF file: magic 0x%08X, expected 0x%08X (\"GGUF\")", magic, MAGIC));
        }
        long version = in.u32("version");
        if (version != 2 && version != 3) {
            throw in.problem("unsupported GGUF version " + version + " (this reader supports 2 and 3)");
        }
        long tensorCount = in.i64("tensor count");
        long kvCount = in.i64("metadata count");
        // Each KV needs ≥ 8 (key length) + 4 (type) + 1 bytes; each tensor info ≥ 8 + 4 + 4 + 8.
        checkCount(in, kvCount, 13, "metadata count");
        checkCount(in, tensorCount, 24, "tensor count");

        Map<String, Object> metadata = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = in.string("metadata key #" + i);
            GgufValueType type = valueType(in, "type of metadata '" + key + "'");
            metadata.put(key, value(in, type, key, 0));
        }
        int alignment = DEFAULT_ALIGNMENT;
        if (metadata.get("general.alignment") instanceof Long a) {
            if (a <= 0 || a > 1 << 20 || Long.bitCount(a) != 1) {
                throw in.problem("general.alignment " + a + " is not a power of two up to 1 MiB");
            }
            alignment = a.intValue();
        }

        List<TensorInfo> tensors = new ArrayList<>((int) Math.min(tensorCount, 4096));
        for (long i = 0; i < tensorCount; i++) {
            tensors.add(tensorInfo(in, i));
        }
        long dataOffset = align(in.position(), alignment);
        checkTensorData(in, tensors, dataOffset);
        return new GgufFile(file, in.size(), (int) version, metadata, tensors, alignment, dataOffset);
    }

    private static void checkCount(LittleEndianInput in, long count, int minBytesEach, String what)
            throws GgufFormatException {
        if (count < 0 || count > in.remaining() / minBytesEach) {
            throw in.problem(what + " " + Long.toUnsignedString(count) + " is impossible in a file of "
                    + in.size() + " bytes");
        }
    }

    private static GgufValueType valueType(LittleEndianInput in, String what) throws IOException {
        long code = in.u32(what);
        GgufValueType type = GgufValueType.ofCode(code);
        if (type == null) {
            throw in.problem("unknown value type " + code + " for " + what + " at offset " + (in.position() - 4));
        }
        return type;
    }

    private static Object value(LittleEndianInput in, GgufValueType type, String key, int depth) throws IOException {
        String what = "value of '" + key + "'";
        return switch (type) {
            case UINT8 -> (long) in.u8(what);
            case INT8 -> (long) (byte) in.u8(what);
            case UINT16 -> (long) (in.i16(what) & 0xFFFF);
            case INT16 -> (long) (short) in.i16(what);
            case UINT32 -> in.u32(what);
            case INT32 -> (long) in.i32(what);
            case UINT64, INT64 -> in.i64(what);
            case FLOAT32 -> (double) in.f32(what);
            case FLOAT64 -> in.f64(what);
            case BOOL -> in.u8(what) != 0;
            case STRING -> in.string(what);
            case ARRAY -> array(in, key, depth);
        };
    }

    private static GgufArray array(LittleEndianInput in, String key, int depth) throws IOException {
        if (depth >= MAX_ARRAY_DEPTH) {
            throw in.problem("arrays nested deeper than " + MAX_ARRAY_DEPTH + " in '" + key + "'");
        }
        GgufValueType elementType = valueType(in, "element type of '" + key + "'");
        long length = in.i64("length of '" + key + "'");
        checkCount(in, length, elementType.minBytes(), "length of array '" + key + "'");
        boolean keep = length <= GgufArray.KEPT_VALUES;
        List<Object> values = new ArrayList<>(keep ? (int) length : 0);
        for (long i = 0; i < length; i++) {
            if (keep) {
                values.add(value(in, elementType, key, depth + 1));
            } else if (elementType == GgufValueType.STRING) {
                in.skipString("element " + i + " of '" + key + "'");
            } else if (elementType == GgufValueType.ARRAY) {
                array(in, key, depth + 1);
            } else {
                // Fixed-size elements: skip the whole rest at once.
                in.skip((length - i) * elementType.minBytes());
                break;
            }
        }
        return new GgufArray(elementType, length, values);
    }

    private static TensorInfo tensorInfo(LittleEndianInput in, long index) throws IOException {
        String name = in.string("name of tensor #" + index);
        long nDims = in.u32("dimension count of tensor '" + name + "'");
        if (nDims < 1 || nDims > MAX_DIMENSIONS) {
            throw in.problem("tensor '" + name + "' has " + nDims + " dimensions (1 to " + MAX_DIMENSIONS
                    + " expected)");
        }
        long[] dims = new long[(int) nDims];
        for (int d = 0; d < nDims; d++) {
            dims[d] = in.i64("dimension " + d + " of tensor '" + name + "'");
            if (dims[d] <= 0 || dims[d] > in.size() * 8) {
                throw in.problem("tensor '" + name + "' has an impossible dimension " + Long.toUnsignedString(dims[d]));
            }
        }
        int type = in.i32("type of tensor '" + name + "'");
        long offset = in.i64("offset of tensor '" + name + "'");
        TensorInfo t = new TensorInfo(name, dims, type, offset);
        try {
            t.elementCount();
        } catch (ArithmeticException e) {
            throw in.problem("tensor '" + name + "' has an element count beyond 2^63");
        }
        return t;
    }

    private static void checkTensorData(LittleEndianInput in, List<TensorInfo> tensors, long dataOffset)
            throws GgufFormatException {
        for (TensorInfo t : tensors) {
            long bytes = t.byteSize();
            if (t.offset() < 0 || dataOffset + t.offset() > in.size()
                    || (bytes > 0 && bytes > in.size() - dataOffset - t.offset())) {
                throw in.problem("truncated or corrupt: data of tensor '" + t.name() + "' (" + t.typeName() + ", "
                        + (bytes < 0 ? "unknown size" : bytes + " bytes") + " at data offset " + t.offset()
                        + ") lies beyond the end of the file (" + in.size() + " bytes, data section starts at "
                        + dataOffset + ")");
            }
        }
    }

    static long align(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }
}
