package dev.fleetbench.common.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a worker says it is doing; the coordinator derives READY/BUSY/MISSING/GONE from it and from silence. */
public enum WorkerState {
    IDLE,
    BUSY;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static WorkerState parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
