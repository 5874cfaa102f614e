package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.OsInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the output of Windows {@code reg query KEY [/v NAME]}: the key path on one line, then one line per value,
 * {@code <4 spaces>Name<4 spaces>REG_TYPE<4 spaces>data}. Pure.
 */
final class RegQueryParser {

    /** Windows 11 kept "Windows 10" in ProductName; build 22000 was the first Windows 11 release. */
    static final int FIRST_WINDOWS_11_BUILD = 22000;

    private static final Pattern COLUMNS = Pattern.compile("\\s{2,}|\\t+");

    private RegQueryParser() {
    }

    /** Value names to data, for every line that has a REG_ type; REG_DWORD data stays as printed ("0xa2d"). */
    static Map<String, String> values(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            String[] parts = COLUMNS.split(line.trim(), 3);
            if (parts.length >= 2 && parts[1].startsWith("REG_")) {
                out.put(parts[0], parts.length == 3 ? parts[2].trim() : "");
            }
        }
        return out;
    }

    /** The MachineGuid of {@code HKLM\SOFTWARE\Microsoft\Cryptography}; null if absent. */
    static String machineGuid(String text) {
        String v = values(text).get("MachineGuid");
        return v == null || v.isBlank() ? null : v;
    }

    /**
     * The Windows {@link OsInfo} from {@code HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion}: name "Microsoft
     * Windows 11 Pro" (ProductName corrected for Windows 11), version as the JVM reports it ("10.0", the kernel
     * version of both 10 and 11), build CurrentBuild ("26100").
     *
     * @param text      the reg query output; null if the query failed
     * @param osVersion the JVM's os.version; null if unknown
     */
    static OsInfo windowsOs(String text, String osVersion) {
        Map<String, String> v = values(text);
        String build = v.getOrDefault("CurrentBuild", v.get("CurrentBuildNumber"));
        build = build == null || build.isBlank() ? null : build.trim();
        String product = v.get("ProductName");
        String name = null;
        if (product != null && !product.isBlank()) {
            name = product.trim();
            if (name.startsWith("Windows 10") && buildNumber(build) >= FIRST_WINDOWS_11_BUILD) {
                name = "Windows 11" + name.substring("Windows 10".length());
            }
            name = name.startsWith("Microsoft") ? name : "Microsoft " + name;
        }
        String version = osVersion == null || osVersion.isBlank() ? null : osVersion.trim();
        return new OsInfo(OsFamily.WINDOWS, name, version, build);
    }

    private static int buildNumber(String build) {
        try {
            return build == null ? 0 : Integer.parseInt(build);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
