package dev.fleetbench.common.log;

import java.util.regex.Pattern;

/**
 * One structured log event as one line of {@code key=value} pairs, always starting with the event's name:
 * {@code event=lease.issued campaign=c-1a2b lease=l-9f worker=w-42 model=sim-m0 attempt=1 cells=4}. Handed to SLF4J
 * as the whole message, so it reads the same whatever the binding prints around it and {@code grep 'event=lease.'}
 * finds a lease's story.
 *
 * <p>Values are untrusted (worker ids, host names and model ids come from workers): a value made only of letters,
 * digits and {@code . _ : / @ + -} (starting with a letter or digit) is written bare; any other is quoted, with
 * {@code \ " } escaped and every control or line-separating character written as an escape ({@code \n}, {@code \r},
 * {@code \t}, {@code \}{@code uXXXX}), so no value can end the line or forge a pair. Values longer than
 * {@link #MAX_VALUE} characters are cut and end in {@code ...}. Null is written {@code -}. Pure and thread-safe.
 */
public final class LogLine {

    /** Longest value written in full, in characters. */
    public static final int MAX_VALUE = 200;

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_.]*");
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]*");

    private LogLine() {
    }

    /**
     * The line of an event: {@code event=NAME} followed by the pairs in the order given.
     *
     * @param event         the event's name, dotted lower case ({@code lease.issued})
     * @param keysAndValues key, value, key, value, … (keys are lower case; values anything, rendered with
     *                      {@link String#valueOf})
     */
    public static String event(String event, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs: " + keysAndValues.length + " given");
        }
        if (!KEY.matcher(event).matches()) {
            throw new IllegalArgumentException("event name '" + event + "' must be lower case letters, digits, '_' or '.'");
        }
        StringBuilder out = new StringBuilder(64 + 24 * keysAndValues.length);
        pair(out, "event", event);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.append(' ');
            pair(out, String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return out.toString();
    }

    private static void pair(StringBuilder out, String key, Object value) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("log key '" + key + "' must be lower case letters, digits, '_' or '.'");
        }
        out.append(key).append('=');
        value(out, value);
    }

    /** Appends one value, bare or quoted and escaped. */
    static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append('-');
            return;
        }
        String s = String.valueOf(value);
        boolean cut = s.length() > MAX_VALUE;
        if (cut) {
            s = s.substring(0, MAX_VALUE);
        }
        if (!cut && BARE.matcher(s).matches()) {
            out.append(s);
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                            || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (cut) {
            out.append("...");
        }
        out.append('"');
    }

    /** A surrogate that is half of a proper pair (a lone one would be mangled by the log's encoder). */
    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
