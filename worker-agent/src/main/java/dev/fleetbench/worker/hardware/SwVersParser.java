package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.OsInfo;
import java.util.Map;

/** Parses macOS {@code sw_vers}: ProductName, ProductVersion and BuildVersion, one {@code Key:<tabs>value} a line. Pure. */
final class SwVersParser {

    private SwVersParser() {
    }

    /** The macOS {@link OsInfo}, e.g. macOS / 14.5 / 23F79; fields absent from the text are null. */
    static OsInfo parse(String text) {
        Map<String, String> m = SysctlParser.parse(text);
        return new OsInfo(OsFamily.MACOS, blankToNull(m.get("ProductName")), blankToNull(m.get("ProductVersion")),
                blankToNull(m.get("BuildVersion")));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
