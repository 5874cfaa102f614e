package dev.fleetbench.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Operating-system family, the part of the OS that decides which engines and drivers exist. */
public enum OsFamily {
    WINDOWS,
    MACOS,
    LINUX,
    OTHER;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Maps an {@code os.name}-like string ("Windows 11", "Mac OS X", "Linux") to a family; never fails. */
    @JsonCreator
    public static OsFamily parse(String text) {
        if (text == null) {
            return OTHER;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("windows")) {
            return WINDOWS;
        }
        if (t.startsWith("mac") || t.equals("darwin") || t.startsWith("os x")) {
            return MACOS;
        }
        if (t.startsWith("linux") || t.contains("gnu/linux")) {
            return LINUX;
        }
        return OTHER;
    }
}
