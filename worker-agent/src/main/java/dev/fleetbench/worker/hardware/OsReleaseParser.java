package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.OsInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code /etc/os-release} (freedesktop.org format: {@code KEY=value}, values optionally in single or double
 * quotes with backslash escapes, {@code #} comments). Pure.
 */
final class OsReleaseParser {

    private OsReleaseParser() {
    }

    /** Keys to unquoted values. */
    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            String l = line.trim();
            int eq = l.indexOf('=');
            if (l.startsWith("#") || eq <= 0) {
                continue;
            }
            out.put(l.substring(0, eq).trim(), unquote(l.substring(eq + 1).trim()));
        }
        return out;
    }

    /**
     * The Linux {@link OsInfo}: NAME ("Ubuntu"), VERSION ("24.04.1 LTS (Noble Numbat)", else VERSION_ID, else
     * BUILD_ID for rolling releases) and the kernel release as the build.
     *
     * @param osRelease     text of /etc/os-release; null if unreadable
     * @param kernelRelease text of /proc/sys/kernel/osrelease; null if unreadable
     */
    static OsInfo linux(String osRelease, String kernelRelease) {
        Map<String, String> m = parse(osRelease);
        String name = blankToNull(m.getOrDefault("NAME", m.get("PRETTY_NAME")));
        String version = blankToNull(m.get("VERSION"));
        if (version == null) {
            version = blankToNull(m.get("VERSION_ID"));
        }
        if (version == null) {
            version = blankToNull(m.get("BUILD_ID"));
        }
        return new OsInfo(OsFamily.LINUX, name, version, blankToNull(kernelRelease));
    }

    static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            String inner = v.substring(1, v.length() - 1);
            return v.charAt(0) == '"' ? inner.replaceAll("\\\\(.)", "$1") : inner;
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
