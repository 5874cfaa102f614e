package dev.fleetbench.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The category of a prompt; recommendations are made per hardware class and use case. */
public enum UseCase {
    CHAT,
    CODE,
    REASONING,
    SUMMARIZATION;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a category case-insensitively; "summarisation" is accepted too.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    @JsonCreator
    public static UseCase parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace("summarisation", "summarization");
            for (UseCase u : values()) {
                if (u.wire().equals(t)) {
                    return u;
                }
            }
        }
        throw new IllegalArgumentException("unknown category '" + text + "'; expected one of "
                + Arrays.stream(values()).map(UseCase::wire).collect(Collectors.joining(", ")));
    }
}
