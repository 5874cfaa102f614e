package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.PowerInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the power state: Linux from {@code /sys/class/power_supply}, where the kernel also says which batteries
 * belong to peripherals; Windows and macOS from OSHI. Never throws.
 */
final class PowerReader {

    /** The sysfs attributes {@link PowerParser#fromSysfs} looks at. */
    static final List<String> ATTRIBUTES = List.of("type", "online", "capacity", "status", "scope");

    private PowerReader() {
    }

    static PowerInfo read(ProbeContext ctx, List<PowerParser.Battery> oshiSources, List<String> notes) {
        PowerInfo power;
        if (ctx.family() == OsFamily.LINUX) {
            power = PowerParser.fromSysfs(supplies(ctx.root().resolve("sys/class/power_supply")));
        } else if (oshiSources != null) {
            power = PowerParser.fromOshi(oshiSources);
        } else {
            power = PowerInfo.unknown();
        }
        if (!power.hasBattery()) {
            notes.add("no battery information");
        }
        return power;
    }

    /** Supply name → attribute → trimmed value, for every supply directory; empty when there is no such directory. */
    static Map<String, Map<String, String>> supplies(Path dir) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path supply : s.sorted().toList()) {
                Map<String, String> attrs = new LinkedHashMap<>();
                for (String name : ATTRIBUTES) {
                    String v = ProbeContext.readFile(supply.resolve(name));
                    if (v != null) {
                        attrs.put(name, v.trim());
                    }
                }
                out.put(supply.getFileName().toString(), attrs);
            }
        } catch (IOException | RuntimeException e) {
            // an unlistable directory is the same as none: power becomes unknown, and the caller notes it
            return out;
        }
        return out;
    }
}
