package dev.fleetbench.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything the worker learned about its machine. Immutable; unknown values are null or 0 as each component
 * documents, never an exception.
 *
 * @param machineId a stable id for this machine: a hash, never a raw serial number
 * @param hostname  host name, for people; not used for identity
 * @param os        operating system
 * @param cpu       processor
 * @param memory    main memory
 * @param gpus      graphics adapters, possibly empty
 * @param npus      neural processing units, possibly empty
 * @param power     power state at probe time
 * @param notes     what the probe could not read, in words ("no battery information"); possibly empty
 * @param memoryBandwidth the memory bandwidth the agent measured when it started; null when not measured (a profile
 *                  given as a file, an agent older than the probe), and then absent from the JSON. A measurement, not a
 *                  property of the machine's build: it is left out of {@link #profileHash()}
 */
public record HardwareProfile(
        String machineId,
        String hostname,
        OsInfo os,
        CpuInfo cpu,
        MemoryInfo memory,
        List<GpuInfo> gpus,
        List<NpuInfo> npus,
        PowerInfo power,
        List<String> notes,
        @JsonInclude(JsonInclude.Include.NON_NULL) MemoryBandwidth memoryBandwidth) {

    public HardwareProfile {
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
        npus = npus == null ? List.of() : List.copyOf(npus);
        notes = notes == null ? List.of() : List.copyOf(notes);
        power = power == null ? PowerInfo.unknown() : power;
    }

    /** A profile without a bandwidth measurement. */
    public HardwareProfile(String machineId, String hostname, OsInfo os, CpuInfo cpu, MemoryInfo memory,
                           List<GpuInfo> gpus, List<NpuInfo> npus, PowerInfo power, List<String> notes) {
        this(machineId, hostname, os, cpu, memory, gpus, npus, power, notes, null);
    }

    /** The same profile with this bandwidth measurement (null: none). */
    public HardwareProfile withMemoryBandwidth(MemoryBandwidth measured) {
        return new HardwareProfile(machineId, hostname, os, cpu, memory, gpus, npus, power, notes, measured);
    }

    /**
     * A short hash of the parts of the profile that make two runs comparable: CPU, core counts, total RAM,
     * accelerators with their drivers, and the OS build. Volatile readings (available memory, power, host name)
     * are left out, so the hash changes only when the machine really changed.
     */
    @JsonProperty(value = "profile_hash", access = JsonProperty.Access.READ_ONLY)
    public String profileHash() {
        StringBuilder canonical = new StringBuilder();
        canonical.append("cpu=").append(cpu.vendor()).append('|').append(cpu.model()).append('|')
                .append(cpu.architecture()).append('|').append(cpu.physicalCores()).append('|')
                .append(cpu.logicalCores()).append(";ram=").append(memory.totalBytes());
        for (GpuInfo g : gpus) {
            canonical.append(";gpu=").append(g.name()).append('|').append(g.vendor()).append('|')
                    .append(g.vramBytes()).append('|').append(g.driverVersion());
        }
        for (NpuInfo n : npus) {
            canonical.append(";npu=").append(n.name()).append('|').append(n.vendor()).append('|').append(n.driver());
        }
        canonical.append(";os=").append(os.family()).append('|').append(os.name()).append('|')
                .append(os.version()).append('|').append(os.build());
        return sha256Hex(canonical.toString()).substring(0, 16);
    }

    /** Lower-case hex SHA-256 of the UTF-8 text. */
    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
