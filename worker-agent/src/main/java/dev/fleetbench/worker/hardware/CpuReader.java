package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.hardware.Vendors;
import dev.fleetbench.common.model.CpuInfo;
import dev.fleetbench.common.model.OsFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link CpuInfo} from OSHI plus the OS's own feature lists: Linux {@code /proc/cpuinfo} (the flags the
 * kernel enabled, which is what matters: AVX-512 switched off by the kernel is not usable), macOS
 * {@code sysctl hw.optional}, and on Windows OSHI's {@code IsProcessorFeaturePresent} names, which only go up to
 * AVX-512F and ARM dot product. Never throws; what it cannot read becomes a note.
 */
final class CpuReader {

    private CpuReader() {
    }

    static CpuInfo read(ProbeContext ctx, OshiSnapshot.Cpu oshi, List<String> notes) {
        ProcCpuinfoParser.Cpuinfo cpuinfo = null;
        if (ctx.family() == OsFamily.LINUX) {
            String text = ctx.readFile("proc/cpuinfo");
            if (text == null) {
                notes.add("/proc/cpuinfo unreadable: CPU features from OSHI");
            } else {
                cpuinfo = ProcCpuinfoParser.parse(text);
            }
        }
        String rawVendor = firstKnown(oshi == null ? null : oshi.vendor(), cpuinfo == null ? null : cpuinfo.vendor());
        String model = firstKnown(oshi == null ? null : oshi.name(), cpuinfo == null ? null : cpuinfo.model());
        if (model == null) {
            notes.add("CPU model unknown");
        }
        String vendor = Vendors.cpuVendor(rawVendor, model);
        String jvmArch = Architectures.normalise(ctx.arch());
        String arch = Architectures.ofProcessor(jvmArch, vendor);
        if (arch != null && !arch.equals(jvmArch)) {
            notes.add("the JVM runs as " + jvmArch + " under emulation on this " + arch + " processor");
        }
        int physical = oshi == null ? 0 : Math.max(0, oshi.physicalCores());
        int logical = oshi == null ? 0 : Math.max(0, oshi.logicalCores());
        if (logical == 0) {
            logical = Math.max(0, Runtime.getRuntime().availableProcessors());
            notes.add("logical cores from the JVM, which counts only the processors this process may use");
        }
        long freq = oshi == null ? 0 : oshi.maxFreqHz() > 0 ? oshi.maxFreqHz() : Math.max(0, oshi.vendorFreqHz());
        List<String> features = features(ctx, oshi, cpuinfo, notes);
        if (features.isEmpty()) {
            notes.add("no CPU feature flags visible");
        }
        return new CpuInfo(vendor, model, arch, physical, logical, freq, features);
    }

    private static List<String> features(ProbeContext ctx, OshiSnapshot.Cpu oshi, ProcCpuinfoParser.Cpuinfo cpuinfo,
                                         List<String> notes) {
        List<String> oshiFlags = oshi == null ? List.of() : oshi.featureFlags();
        switch (ctx.family()) {
            case LINUX -> {
                return CpuFeatureNames.canonical(cpuinfo != null ? cpuinfo.featureLines() : oshiFlags);
            }
            case MACOS -> {
                List<String> texts = new ArrayList<>();
                CommandResult r = ctx.run("sysctl", "hw.optional");
                if (r.ok()) {
                    texts.addAll(SysctlParser.enabledFeatureKeys(r.stdout()));
                } else {
                    notes.add("sysctl hw.optional failed (" + r.problem() + "): CPU features from OSHI only");
                }
                // on Intel Macs OSHI adds machdep.cpu.features (FMA, F16C …), which hw.optional lacks
                texts.addAll(oshiFlags);
                return CpuFeatureNames.canonical(texts);
            }
            default -> {
                return CpuFeatureNames.canonical(oshiFlags);
            }
        }
    }

    private static String firstKnown(String a, String b) {
        if (a != null && !a.isBlank() && !a.trim().equalsIgnoreCase("unknown")) {
            return a.trim();
        }
        return b == null || b.isBlank() ? null : b.trim();
    }
}
