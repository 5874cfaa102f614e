package dev.fleetbench.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Outcome of one request: {@code ok} or {@code failed} (with a {@link FailureCode}). */
public enum SampleStatus {
    OK,
    FAILED;

    @JsonValue
    public String wire() {
        return this == OK ? "ok" : "failed";
    }

    @JsonCreator
    public static SampleStatus parse(String text) {
        if ("ok".equalsIgnoreCase(text)) {
            return OK;
        }
        if ("failed".equalsIgnoreCase(text)) {
            return FAILED;
        }
        throw new IllegalArgumentException("unknown sample status '" + text + "'; expected ok or failed");
    }
}
