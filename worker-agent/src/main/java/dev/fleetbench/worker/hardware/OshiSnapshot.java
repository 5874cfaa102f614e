package dev.fleetbench.worker.hardware;

import java.util.List;

/**
 * What OSHI reported, as plain data, so that everything after the OSHI calls can be tested with hand-made values.
 * A null group means OSHI could not report it; the reason is in {@link #notes()}. Immutable.
 *
 * @param hostname     host name; null if unknown
 * @param os           operating system as OSHI names it; null if unavailable
 * @param cpu          processor; null if unavailable
 * @param totalMemory  physical memory in bytes; 0 if unknown
 * @param availMemory  available memory in bytes; 0 if unknown
 * @param gpus         graphics cards; null if unavailable
 * @param batteries    power sources; null if unavailable
 * @param hardwareUuid firmware (SMBIOS) UUID; null if unknown
 * @param serial       computer serial number, used only hashed; null if unknown
 * @param notes        what OSHI could not read
 */
record OshiSnapshot(String hostname, Os os, Cpu cpu, long totalMemory, long availMemory, List<Gpu> gpus,
                    List<PowerParser.Battery> batteries, String hardwareUuid, String serial, List<String> notes) {

    OshiSnapshot {
        gpus = gpus == null ? null : List.copyOf(gpus);
        batteries = batteries == null ? null : List.copyOf(batteries);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * @param manufacturer "Microsoft", "Apple", "GNU/Linux"
     * @param family       "Windows", "macOS", "Debian GNU/Linux"
     * @param version      "11", "14.5", "12"
     * @param codeName     "Home", "Sonoma", "bookworm"; may be empty
     * @param build        "26100", "23F79", the kernel release
     */
    record Os(String manufacturer, String family, String version, String codeName, String build) {
    }

    /**
     * @param vendor        CPUID vendor or OS vendor text
     * @param name          processor name
     * @param processorId   CPUID signature text, not unique per machine
     * @param physicalCores physical cores; ≤ 0 if unknown
     * @param logicalCores  logical processors; ≤ 0 if unknown
     * @param maxFreqHz     maximum frequency; ≤ 0 if unknown
     * @param vendorFreqHz  frequency in the name ("@ 2.60GHz"); ≤ 0 if unknown
     * @param featureFlags  OSHI feature flags: /proc/cpuinfo lines, Windows PF_ names or sysctl text
     */
    record Cpu(String vendor, String name, String processorId, int physicalCores, int logicalCores, long maxFreqHz,
               long vendorFreqHz, List<String> featureFlags) {
        Cpu {
            featureFlags = featureFlags == null ? List.of() : List.copyOf(featureFlags);
        }
    }

    /** One graphics card as OSHI reports it. */
    record Gpu(String name, String vendor, long vramBytes, String versionInfo) {
    }
}
