package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.CpuInfo;
import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.model.NpuInfo;
import dev.fleetbench.common.model.OsInfo;
import dev.fleetbench.common.model.PowerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Combines an {@link OshiSnapshot} with the OS queries of a {@link ProbeContext} into a {@link HardwareProfile}.
 * Everything the probe decides happens here or in the readers it calls, so tests run it with a hand-made snapshot,
 * a fixture root and canned command output for each OS. Each part is guarded on its own: a part that throws
 * despite its readers' care becomes a note and its unknown value, and the rest of the profile survives.
 */
final class ProfileAssembler {

    private ProfileAssembler() {
    }

    static HardwareProfile assemble(OshiSnapshot oshi, ProbeContext ctx) {
        List<String> notes = new ArrayList<>(oshi.notes());
        OsInfo os = guard("OS", () -> OsReader.read(ctx, oshi.os(), notes),
                new OsInfo(ctx.family(), null, null, null), notes);
        CpuInfo cpu = guard("CPU", () -> CpuReader.read(ctx, oshi.cpu(), notes),
                new CpuInfo(null, null, Architectures.normalise(ctx.arch()), 0, 0, 0, List.of()), notes);
        MemoryInfo memory = new MemoryInfo(Math.max(0, oshi.totalMemory()), Math.max(0, oshi.availMemory()));
        if (memory.totalBytes() == 0) {
            notes.add("total memory unknown");
        }
        List<GpuInfo> gpus = guard("GPU", () -> gpus(oshi, memory.totalBytes(), notes), List.of(), notes);
        List<NpuInfo> npus = guard("NPU", () -> NpuReader.read(ctx, cpu.architecture(), cpu.model(), notes),
                List.of(), notes);
        PowerInfo power = guard("power", () -> PowerReader.read(ctx, oshi.batteries(), notes), PowerInfo.unknown(),
                notes);
        String hostname = oshi.hostname() == null || oshi.hostname().isBlank() ? null : oshi.hostname().trim();
        String machineId = guard("machine id", () -> MachineIdReader.read(ctx, oshi, cpu.model(),
                cpu.logicalCores(), memory.totalBytes(), notes), null, notes);
        if (machineId == null) {
            // an id must exist for the coordinator to register the worker; the host name is the best left
            machineId = MachineIds.of("host|" + hostname);
        }
        return new HardwareProfile(machineId, hostname, os, cpu, memory, gpus, npus, power, notes);
    }

    private static List<GpuInfo> gpus(OshiSnapshot oshi, long totalRam, List<String> notes) {
        if (oshi.gpus() == null) {
            return List.of(); // OshiReader already noted why
        }
        List<GpuInfo> out = oshi.gpus().stream()
                .map(g -> GpuParser.of(g.name(), g.vendor(), g.vramBytes(), g.versionInfo(), totalRam))
                .toList();
        if (out.isEmpty()) {
            notes.add("no graphics cards visible");
        }
        return out;
    }

    private static <T> T guard(String part, Supplier<T> read, T fallback, List<String> notes) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            notes.add(part + " unavailable: " + e);
            return fallback;
        }
    }
}
