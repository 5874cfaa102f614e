package dev.fleetbench.worker.gguf;

import java.util.List;

/**
 * A metadata array. Only arrays of at most {@link #KEPT_VALUES} elements keep their values; longer ones (the
 * tokenizer's token, score and type arrays of tens of thousands of entries) keep their length only, so reading the
 * metadata of any model stays small.
 *
 * @param elementType type of the elements
 * @param length      number of elements in the file
 * @param values      the elements when {@code length ≤ KEPT_VALUES}, else empty; boxed Java values (String, Long,
 *                    Double, Boolean, GgufArray)
 */
public record GgufArray(GgufValueType elementType, long length, List<Object> values) {

    /** Arrays up to this length keep their values. */
    public static final int KEPT_VALUES = 1024;

    public GgufArray {
        values = List.copyOf(values);
    }

    /** True when {@link #values()} holds every element. */
    public boolean complete() {
        return values.size() == length;
    }
}
