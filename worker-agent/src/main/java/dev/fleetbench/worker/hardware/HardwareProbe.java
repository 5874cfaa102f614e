package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.CpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.OsInfo;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Probes the machine this JVM runs on and describes it as a {@link HardwareProfile}: processor and its
 * inference-relevant ISA features, memory, GPUs, NPUs, OS, power and a stable hashed machine id.
 *
 * <p>It never throws: what cannot be read is an unknown value (null or 0) plus a note in
 * {@link HardwareProfile#notes()}. It is blocking (OSHI, sysfs, and external commands of at most 5 s each, 15 s for
 * the Windows PowerShell NPU query), so call it on a worker thread, never on an event loop. Each call probes anew;
 * instances are immutable and thread-safe.
 */
public final class HardwareProbe {

    private final ProbeContext context;
    private final Supplier<OshiSnapshot> oshi;

    HardwareProbe(ProbeContext context, Supplier<OshiSnapshot> oshi) {
        this.context = Objects.requireNonNull(context, "context");
        this.oshi = Objects.requireNonNull(oshi, "oshi");
    }

    /** A probe of the real machine: OSHI, the real file system and real processes. */
    public static HardwareProbe system() {
        return new HardwareProbe(ProbeContext.system(), OshiReader::read);
    }

    /** Probes now. Never throws and never returns null. */
    public HardwareProfile probe() {
        try {
            return ProfileAssembler.assemble(oshi.get(), context);
        } catch (RuntimeException | LinkageError e) {
            // every part is guarded already; this is the net under the net, so a worker still starts and says why
            OsFamily family = context.family();
            String arch = Architectures.normalise(context.arch());
            String host = fallbackHostname();
            // the host name keeps failed machines apart; an id shared by all of them would merge them in the fleet
            return new HardwareProfile(MachineIds.of("probe-failed|" + host), host,
                    new OsInfo(family, null, null, null), new CpuInfo(null, null, arch, 0, 0, 0, List.of()),
                    new MemoryInfo(0, 0), List.of(), List.of(), null, List.of("hardware probe failed: " + e));
        }
    }

    /**
     * The canonical ISA features of this machine's processor ({@code avx2}, {@code fma}, {@code neon} …), read as
     * the profile reads them but without the slow parts of a full probe; empty when none can be read. Never throws.
     */
    public static List<String> systemCpuFeatures() {
        try {
            List<String> notes = new java.util.ArrayList<>();
            return CpuReader.read(ProbeContext.system(), OshiReader.cpu(notes), notes).features();
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    private String fallbackHostname() {
        for (String name : List.of("COMPUTERNAME", "HOSTNAME")) {
            String v = System.getenv(name);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        String etc = context.readFile("etc/hostname");
        return etc == null || etc.isBlank() ? null : etc.trim();
    }
}
