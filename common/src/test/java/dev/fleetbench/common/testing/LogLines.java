package dev.fleetbench.common.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads back the pairs of a {@code dev.fleetbench.common.log.LogLine} from a captured log line (whatever the logger
 * printed before {@code event=}), undoing the quoting, so tests can check fields and that escaping round-trips.
 */
public final class LogLines {

    private LogLines() {
    }

    /** The pairs of the line in order, from {@code event=} on; empty when the line has no event. */
    public static Map<String, String> parse(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = line.indexOf("event=");
        while (i >= 0 && i < line.length()) {
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("a key without a value at " + i + ": " + line);
            }
            String key = line.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 1;
            if (j < line.length() && line.charAt(j) == '"') {
                j++;
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j++);
                    if (c != '\\') {
                        value.append(c);
                        continue;
                    }
                    char e = line.charAt(j++);
                    switch (e) {
                        case 'n' -> value.append('\n');
                        case 'r' -> value.append('\r');
                        case 't' -> value.append('\t');
                        case 'u' -> {
                            value.append((char) Integer.parseInt(line.substring(j, j + 4), 16));
                            j += 4;
                        }
                        default -> value.append(e);
                    }
                }
                j++;
            } else {
                while (j < line.length() && line.charAt(j) != ' ') {
                    value.append(line.charAt(j++));
                }
            }
            out.put(key, value.toString());
            i = j < line.length() && line.charAt(j) == ' ' ? j + 1 : line.length();
        }
        return out;
    }
}
