package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.OsInfo;
import java.util.List;

/**
 * Builds {@link OsInfo} from the OS's own source (Linux {@code /etc/os-release} and the kernel release, macOS
 * {@code sw_vers}, the Windows {@code CurrentVersion} registry key) and fills what it lacks from OSHI. Never throws.
 */
final class OsReader {

    static final String WINDOWS_CURRENT_VERSION = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";

    private OsReader() {
    }

    static OsInfo read(ProbeContext ctx, OshiSnapshot.Os oshi, List<String> notes) {
        OsInfo own = switch (ctx.family()) {
            case LINUX -> linux(ctx, notes);
            case MACOS -> macos(ctx, notes);
            case WINDOWS -> windows(ctx, notes);
            case OTHER -> new OsInfo(OsFamily.OTHER, null, null, null);
        };
        OsInfo fromOshi = fromOshi(ctx.family(), oshi, ctx.osVersion());
        OsInfo merged = new OsInfo(ctx.family(), first(own.name(), fromOshi.name()),
                first(own.version(), fromOshi.version()), first(own.build(), fromOshi.build()));
        if (merged.name() == null || merged.version() == null || merged.build() == null) {
            notes.add("OS name, version or build unknown");
        }
        return merged;
    }

    private static OsInfo linux(ProbeContext ctx, List<String> notes) {
        String osRelease = ctx.readFile("etc/os-release");
        if (osRelease == null) {
            // the spec's fallback location, for images that ship no /etc copy
            osRelease = ctx.readFile("usr/lib/os-release");
        }
        if (osRelease == null) {
            notes.add("os-release unreadable");
        }
        return OsReleaseParser.linux(osRelease, ctx.readFile("proc/sys/kernel/osrelease"));
    }

    private static OsInfo macos(ProbeContext ctx, List<String> notes) {
        CommandResult r = ctx.run("sw_vers");
        if (!r.ok()) {
            notes.add("sw_vers failed: " + r.problem());
            return new OsInfo(OsFamily.MACOS, null, null, null);
        }
        return SwVersParser.parse(r.stdout());
    }

    private static OsInfo windows(ProbeContext ctx, List<String> notes) {
        CommandResult r = ctx.run("reg", "query", WINDOWS_CURRENT_VERSION);
        if (!r.ok()) {
            notes.add("Windows version from the registry failed: " + r.problem());
        }
        return RegQueryParser.windowsOs(r.ok() ? r.stdout() : null, ctx.osVersion());
    }

    /** OSHI's view: "Microsoft Windows 11 Home" / build; "macOS" / 14.5 / 23F79; "Debian GNU/Linux" / 12 / kernel. */
    static OsInfo fromOshi(OsFamily family, OshiSnapshot.Os oshi, String jvmOsVersion) {
        if (oshi == null) {
            return new OsInfo(family, null, null, family == OsFamily.WINDOWS ? null : blank(jvmOsVersion));
        }
        return switch (family) {
            case WINDOWS -> new OsInfo(family, join(oshi.manufacturer(), oshi.family(), oshi.version(),
                    oshi.codeName()), blank(jvmOsVersion), blank(oshi.build()));
            default -> new OsInfo(family, blank(oshi.family()), blank(oshi.version()),
                    first(blank(oshi.build()), blank(jvmOsVersion)));
        };
    }

    private static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            String b = blank(p);
            if (b != null) {
                sb.append(sb.length() == 0 ? "" : " ").append(b);
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() || s.trim().equalsIgnoreCase("unknown") ? null : s.trim();
    }
}
