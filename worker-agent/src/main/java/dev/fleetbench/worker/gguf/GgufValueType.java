package dev.fleetbench.worker.gguf;

/**
 * The value types of GGUF metadata, with their wire codes (GGUF spec, versions 2 and 3). The codes are part of the
 * file format: never reorder.
 */
public enum GgufValueType {
    UINT8(0, 1), INT8(1, 1), UINT16(2, 2), INT16(3, 2), UINT32(4, 4), INT32(5, 4), FLOAT32(6, 4), BOOL(7, 1),
    STRING(8, 8), ARRAY(9, 12), UINT64(10, 8), INT64(11, 8), FLOAT64(12, 8);

    private final int code;
    /** Smallest number of bytes one value of this type takes (a string: its 8-byte length; an array: type + count). */
    private final int minBytes;

    GgufValueType(int code, int minBytes) {
        this.code = code;
        this.minBytes = minBytes;
    }

    public int code() {
        return code;
    }

    /** Lower bound of the encoded size, used to refuse absurd counts before allocating anything. */
    public int minBytes() {
        return minBytes;
    }

    /** The type of a wire code, or null when the code is unknown. */
    public static GgufValueType ofCode(long code) {
        for (GgufValueType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
