package dev.fleetbench.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The role of a request in a measurement plan. Only {@link #MEASURED} samples enter statistics; the cold request
 * (the first after load) is reported apart, warm-ups are stored and flagged.
 */
public enum SampleKind {
    COLD,
    WARMUP,
    MEASURED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SampleKind parse(String text) {
        for (SampleKind k : values()) {
            if (k.wire().equalsIgnoreCase(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown sample kind '" + text + "'; expected cold, warmup or measured");
    }
}
