package dev.fleetbench.worker.gguf;

import java.util.Arrays;

/**
 * One tensor's header entry (its data is not read).
 *
 * @param name       tensor name, e.g. "blk.0.attn_q.weight"
 * @param dimensions ggml dimensions, fastest-varying first
 * @param typeCode   ggml type code, see {@link GgmlType}
 * @param offset     byte offset of the data, relative to the start of the data section
 */
public record TensorInfo(String name, long[] dimensions, int typeCode, long offset) {

    public TensorInfo {
        dimensions = dimensions.clone();
    }

    @Override
    public long[] dimensions() {
        return dimensions.clone();
    }

    /** Number of elements (product of the dimensions). */
    public long elementCount() {
        long n = 1;
        for (long d : dimensions) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The ggml type name ("F32", "Q4_K", or "type#N" when unknown). */
    public String typeName() {
        return GgmlType.nameOf(typeCode);
    }

    /** Bytes of the tensor data; -1 when the type is unknown to {@link GgmlType}. */
    public long byteSize() {
        GgmlType t = GgmlType.ofCode(typeCode);
        return t == null ? -1 : t.bytesFor(elementCount());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && Arrays.equals(dimensions, t.dimensions)
                && typeCode == t.typeCode && offset == t.offset;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(dimensions);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dimensions) + " " + typeName() + " @" + offset;
    }
}
