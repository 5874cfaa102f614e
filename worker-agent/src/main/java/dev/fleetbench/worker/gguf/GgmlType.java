package dev.fleetbench.worker.gguf;

/**
 * Tensor element types of ggml as GGUF stores them (the {@code ggml_type} codes), with the block geometry needed to
 * compute a tensor's size in bytes. Codes that ggml removed (31–33) or that are newer than this table are reported by
 * {@link #nameOf(int)} as {@code "type#N"} and their size is treated as unknown.
 */
public enum GgmlType {
    F32(0, 1, 4), F16(1, 1, 2), Q4_0(2, 32, 18), Q4_1(3, 32, 20), Q5_0(6, 32, 22), Q5_1(7, 32, 24),
    Q8_0(8, 32, 34), Q8_1(9, 32, 36), Q2_K(10, 256, 84), Q3_K(11, 256, 110), Q4_K(12, 256, 144),
    Q5_K(13, 256, 176), Q6_K(14, 256, 210), Q8_K(15, 256, 292), IQ2_XXS(16, 256, 66), IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98), IQ1_S(19, 256, 50), IQ4_NL(20, 32, 18), IQ3_S(21, 256, 110), IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136), I8(24, 1, 1), I16(25, 1, 2), I32(26, 1, 4), I64(27, 1, 8), F64(28, 1, 8),
    IQ1_M(29, 256, 56), BF16(30, 1, 2), TQ1_0(34, 256, 54), TQ2_0(35, 256, 66);

    private final int code;
    private final int blockSize;
    private final int bytesPerBlock;

    GgmlType(int code, int blockSize, int bytesPerBlock) {
        this.code = code;
        this.blockSize = blockSize;
        this.bytesPerBlock = bytesPerBlock;
    }

    public int code() {
        return code;
    }

    /** Bytes of {@code elements} values of this type; -1 when the count is not a whole number of blocks. */
    public long bytesFor(long elements) {
        if (elements % blockSize != 0) {
            return -1;
        }
        return elements / blockSize * bytesPerBlock;
    }

    /** The type of a code, or null when this table does not know it. */
    public static GgmlType ofCode(int code) {
        for (GgmlType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** The ggml name of a type code ("F32", "Q4_K"), or {@code "type#N"} for codes this table does not know. */
    public static String nameOf(int code) {
        GgmlType t = ofCode(code);
        return t == null ? "type#" + code : t.name();
    }
}
