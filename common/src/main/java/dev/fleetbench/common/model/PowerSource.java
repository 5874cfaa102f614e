package dev.fleetbench.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What powers a machine right now. Laptops on battery are throttled, so it is part of the hardware class. */
public enum PowerSource {
    AC,
    BATTERY,
    UNKNOWN;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Lenient parse: anything unrecognised is {@link #UNKNOWN}, because a probe never fails. */
    @JsonCreator
    public static PowerSource parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "ac", "ac power", "plugged", "mains" -> AC;
            case "battery", "battery power" -> BATTERY;
            default -> UNKNOWN;
        };
    }
}
