package dev.fleetbench.dist;

import java.util.ArrayList;
import java.util.List;

/** Splits an ExecStart= value into words as systemd does (double quotes, backslash escapes, '%%', '$$'). */
final class SystemdLine {

    private SystemdLine() {
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!quoted && c == ' ') {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
                continue;
            }
            if (w == null) {
                w = new StringBuilder();
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                w.append(line.charAt(++i));
            } else if ((c == '%' || c == '$') && i + 1 < line.length() && line.charAt(i + 1) == c) {
                w.append(c);
                i++;
            } else {
                w.append(c);
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }
}
