package dev.fleetbench.worker.hardware;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses macOS {@code ioreg -rd1 -c IOPlatformExpertDevice}, whose properties are {@code "Key" = "value"} lines. Pure. */
final class IoregParser {

    private static final Pattern UUID = Pattern.compile("\"IOPlatformUUID\"\\s*=\\s*\"([^\"]+)\"");

    private IoregParser() {
    }

    /** The IOPlatformUUID, the per-machine id Apple provides; null if absent. */
    static String platformUuid(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = UUID.matcher(text);
        return m.find() ? m.group(1).trim() : null;
    }
}
