package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.model.CpuInfo;
import dev.fleetbench.common.model.GpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryBandwidth;
import dev.fleetbench.common.model.NpuInfo;
import dev.fleetbench.common.model.PowerInfo;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link HardwareProfile} as text for a terminal ({@code fleetbench hardware}): one section per part,
 * "unknown" for unknown values, sizes in GB with one decimal (GB as Windows and macOS show it: 2^30 bytes), and the
 * hardware class key the coordinator will pool this machine under. Pure and deterministic: the same profile gives
 * the same text, with '\n' line ends, on every OS.
 */
public final class HardwareReport {

    static final String UNKNOWN = "unknown";
    private static final double GIB = 1L << 30;

    private HardwareReport() {
    }

    /** The report, ending with a line break. */
    public static String render(HardwareProfile p) {
        StringBuilder out = new StringBuilder();
        out.append("Machine\n");
        row(out, "id", p.machineId());
        row(out, "host name", p.hostname());
        row(out, "class", HardwareClassifier.classify(p).key());
        row(out, "profile hash", p.profileHash());
        out.append("\nOS\n");
        row(out, "family", p.os().family().wire());
        row(out, "name", p.os().name());
        row(out, "version", p.os().version());
        row(out, "build", p.os().build());
        cpu(out, p.cpu());
        out.append("\nMemory\n");
        row(out, "total", gb(p.memory().totalBytes()));
        row(out, "available", gb(p.memory().availableBytes()));
        row(out, "bandwidth", bandwidth(p.memoryBandwidth()));
        gpus(out, p.gpus());
        npus(out, p.npus());
        power(out, p.power());
        out.append("\nNotes\n");
        if (p.notes().isEmpty()) {
            out.append("  none\n");
        }
        for (String note : p.notes()) {
            out.append("  - ").append(note).append('\n');
        }
        return out.toString();
    }

    /** "21.4 GB/s (method, 640 ms)", or "not measured" (the notes say why where the probe ran). */
    static String bandwidth(MemoryBandwidth b) {
        return b == null ? "not measured" : String.format(Locale.ROOT, "%.1f GB/s (%s; %.0f ms)", b.gbPerSecond(),
                b.method(), b.durationMs());
    }

    private static void cpu(StringBuilder out, CpuInfo c) {
        out.append("\nCPU\n");
        row(out, "vendor", c.vendor());
        row(out, "model", c.model());
        row(out, "architecture", c.architecture());
        row(out, "physical cores", count(c.physicalCores()));
        row(out, "logical cores", count(c.logicalCores()));
        row(out, "max frequency", c.maxFrequencyHz() <= 0 ? null
                : String.format(Locale.ROOT, "%.2f GHz", c.maxFrequencyHz() / 1e9));
        // an empty list means none was visible, not that the processor lacks them (CpuInfo#features)
        row(out, "features", c.features().isEmpty() ? "none visible" : String.join(" ", c.features()));
    }

    private static void gpus(StringBuilder out, List<GpuInfo> gpus) {
        out.append("\nGPU\n");
        if (gpus.isEmpty()) {
            out.append("  none found\n");
        }
        for (int i = 0; i < gpus.size(); i++) {
            GpuInfo g = gpus.get(i);
            out.append("  [").append(i + 1).append("] ").append(orUnknown(g.name())).append('\n');
            row(out, "  vendor", g.vendor());
            row(out, "  VRAM", g.vramBytes() <= 0 ? "unknown or shared" : gb(g.vramBytes()));
            row(out, "  driver", g.driverVersion());
        }
    }

    private static void npus(StringBuilder out, List<NpuInfo> npus) {
        out.append("\nNPU\n");
        if (npus.isEmpty()) {
            out.append("  none found\n");
        }
        for (int i = 0; i < npus.size(); i++) {
            NpuInfo n = npus.get(i);
            out.append("  [").append(i + 1).append("] ").append(orUnknown(n.name())).append('\n');
            row(out, "  vendor", n.vendor());
            row(out, "  driver", n.driver());
            row(out, "  found by", n.source());
        }
    }

    private static void power(StringBuilder out, PowerInfo p) {
        out.append("\nPower\n");
        row(out, "source", p.source().wire());
        row(out, "battery", !p.hasBattery() ? "none" : p.batteryPercent() == null ? "present, charge unknown"
                : String.format(Locale.ROOT, "%.0f%%", p.batteryPercent()));
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "  %-16s %s", label, orUnknown(value))).append('\n');
    }

    private static String count(int n) {
        return n <= 0 ? null : Integer.toString(n);
    }

    /** Bytes as GB (2^30) with one decimal; null (shown as unknown) for 0. */
    static String gb(long bytes) {
        return bytes <= 0 ? null : String.format(Locale.ROOT, "%.1f GB", bytes / GIB);
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? UNKNOWN : s;
    }
}
