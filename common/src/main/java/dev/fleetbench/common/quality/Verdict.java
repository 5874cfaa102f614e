package dev.fleetbench.common.quality;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The verdict of one automatic quality check on one answer. */
public enum Verdict {
    /** Every requirement of the check is met. */
    PASS,
    /** Some requirements are met (the score says how much). */
    PARTIAL,
    /** None is met, or the answer is unusable. */
    FAIL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Verdict parse(String text) {
        for (Verdict v : values()) {
            if (v.wire().equalsIgnoreCase(text)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown verdict '" + text + "'; expected pass, partial or fail");
    }
}
