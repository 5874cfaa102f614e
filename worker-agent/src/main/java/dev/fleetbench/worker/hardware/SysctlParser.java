package dev.fleetbench.worker.hardware;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses macOS {@code sysctl} output: one {@code key: value} line per setting ("hw.optional.arm.FEAT_DotProd: 1").
 * Pure.
 */
final class SysctlParser {

    private SysctlParser() {
    }

    /** Keys to values, in output order; lines without a colon are skipped. */
    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /**
     * The last segment of every key whose value is exactly 1 ("FEAT_DotProd", "neon", "avx2_0"): the form in which
     * {@code hw.optional} says a feature is present. Counters such as {@code hw.optional.watchpoint: 4} and absent
     * features ({@code : 0}) are left out.
     */
    static List<String> enabledFeatureKeys(String text) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : parse(text).entrySet()) {
            if ("1".equals(e.getValue())) {
                String key = e.getKey();
                out.add(key.substring(key.lastIndexOf('.') + 1));
            }
        }
        return out;
    }
}
