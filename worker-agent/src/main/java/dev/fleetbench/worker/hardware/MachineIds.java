package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.HardwareProfile;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes the machine id of {@link HardwareProfile#machineId()}: "m-" and 16 hex digits of a salted SHA-256 of a
 * stable per-machine value. The salt keeps the id from being looked up against the raw OS id or a serial number,
 * which may identify the owner; 64 bits are plenty for a fleet and short enough for tables. Pure.
 */
final class MachineIds {

    /** Changing this changes every machine id in the fleet: never do that without a migration. */
    static final String SALT = "fleetbench-machine-id-v1:";

    /**
     * Values left in place of a real id by firmware vendors, and by systemd before first boot ("uninitialized");
     * hashing one would merge many machines into one.
     */
    private static final Set<String> PLACEHOLDERS = Set.of("unknown", "uninitialized", "none", "null", "n/a", "na",
            "0", "default string",
            "to be filled by o.e.m.", "not specified", "not applicable", "system serial number", "123456789",
            "03000200-0400-0500-0006-000700080009");
    private static final Pattern ONLY_ZEROS_OR_FS = Pattern.compile("^[0-]+$|^[f-]+$");

    private MachineIds() {
    }

    /** The id for a stable value; the value is trimmed and lower-cased first, as GUIDs come in either case. */
    static String of(String stableValue) {
        String canonical = stableValue.trim().toLowerCase(Locale.ROOT);
        return "m-" + HardwareProfile.sha256Hex(SALT + canonical).substring(0, 16);
    }

    /** True when the value can identify one machine: not blank, not a firmware placeholder, not all zeros. */
    static boolean usable(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return !PLACEHOLDERS.contains(v) && !ONLY_ZEROS_OR_FS.matcher(v).matches();
    }

    /**
     * The last resort when the OS and firmware give no id: fields that change only with the hardware, plus the host
     * name, because identical lab PCs would otherwise share one id, which is worse than an id that changes on rename.
     */
    static String fromHardwareFields(String cpuModel, String processorId, int logicalCores, long totalRamBytes,
                                     String hostname) {
        return of("hardware|" + cpuModel + "|" + processorId + "|" + logicalCores + "|" + totalRamBytes + "|" + hostname);
    }
}
