package dev.fleetbench.worker.hardware;

import java.util.List;

/**
 * Finds the most stable per-machine value and hashes it ({@link MachineIds}): the OS's own machine id first
 * ({@code /etc/machine-id}, the Windows {@code MachineGuid}, the macOS {@code IOPlatformUUID}), because it survives
 * hardware repairs and is unique even on cloned firmware; then the firmware UUID and serial from OSHI; then
 * hardware fields. Never throws; the fallbacks leave a note.
 */
final class MachineIdReader {

    static final String WINDOWS_CRYPTOGRAPHY = "HKLM\\SOFTWARE\\Microsoft\\Cryptography";

    private MachineIdReader() {
    }

    /**
     * @param oshi      for the firmware UUID and serial and the last-resort fields
     * @param cpuModel  processor name, for the last resort
     * @param logical   logical cores, for the last resort
     * @param totalRam  total RAM in bytes, for the last resort
     */
    static String read(ProbeContext ctx, OshiSnapshot oshi, String cpuModel, int logical, long totalRam,
                       List<String> notes) {
        String osId = osMachineId(ctx, notes);
        if (MachineIds.usable(osId)) {
            return MachineIds.of(osId);
        }
        if (MachineIds.usable(oshi.hardwareUuid())) {
            notes.add("machine id from the firmware UUID");
            return MachineIds.of(oshi.hardwareUuid());
        }
        if (MachineIds.usable(oshi.serial())) {
            notes.add("machine id from the serial number");
            return MachineIds.of(oshi.serial());
        }
        notes.add("machine id from hardware fields and host name: no OS or firmware id");
        String processorId = oshi.cpu() == null ? null : oshi.cpu().processorId();
        return MachineIds.fromHardwareFields(cpuModel, processorId, logical, totalRam, oshi.hostname());
    }

    private static String osMachineId(ProbeContext ctx, List<String> notes) {
        switch (ctx.family()) {
            case LINUX -> {
                String id = ctx.readFile("etc/machine-id");
                // older and minimal systems keep only the D-Bus copy
                return id != null && !id.isBlank() ? id.trim() : trim(ctx.readFile("var/lib/dbus/machine-id"));
            }
            case WINDOWS -> {
                CommandResult r = ctx.run("reg", "query", WINDOWS_CRYPTOGRAPHY, "/v", "MachineGuid");
                if (!r.ok()) {
                    notes.add("MachineGuid unavailable: " + r.problem());
                }
                return r.ok() ? RegQueryParser.machineGuid(r.stdout()) : null;
            }
            case MACOS -> {
                CommandResult r = ctx.run("ioreg", "-rd1", "-c", "IOPlatformExpertDevice");
                if (!r.ok()) {
                    notes.add("IOPlatformUUID unavailable: " + r.problem());
                }
                return r.ok() ? IoregParser.platformUuid(r.stdout()) : null;
            }
            default -> {
                return null;
            }
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
