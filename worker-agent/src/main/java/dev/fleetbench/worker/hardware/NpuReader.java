package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.NpuInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds neural processing units, which OSHI does not report. Windows: Plug-and-Play devices via PowerShell
 * ({@link WindowsPnpParser}). Linux: devices of the DRM accel subsystem ({@code /sys/class/accel/accel*}) and PCI
 * devices bound to a known NPU driver ({@code /sys/bus/pci/drivers/intel_vpu|amdxdna|qaic}), which also catches
 * kernels whose driver predates the accel class. macOS: every Apple M processor has a Neural Engine, which the OS
 * exposes to Core ML only, so its presence is inferred from the processor. Never throws.
 */
final class NpuReader {

    private static final Pattern PCI_ADDRESS = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]");

    private NpuReader() {
    }

    /**
     * @param arch     normalised processor architecture
     * @param cpuModel processor name, used on macOS when sysctl cannot be run
     */
    static List<NpuInfo> read(ProbeContext ctx, String arch, String cpuModel, List<String> notes) {
        return switch (ctx.family()) {
            case WINDOWS -> windows(ctx, notes);
            case LINUX -> linux(ctx.root(), notes);
            case MACOS -> macos(ctx, arch, cpuModel, notes);
            case OTHER -> List.of();
        };
    }

    private static List<NpuInfo> windows(ProbeContext ctx, List<String> notes) {
        CommandResult r = windowsQuery(ctx, ProbeContext.POWERSHELL_TIMEOUT);
        if (r.timedOut()) {
            // the first PowerShell after a cold boot can take longer than the limit while it loads its modules; the
            // second start is quick. When this one times out too, the worker asks again later (NpuRecheck).
            notes.add("NPU list: the first PowerShell PnP query " + r.problem() + "; asked again");
            r = windowsQuery(ctx, ProbeContext.POWERSHELL_TIMEOUT.multipliedBy(2));
        }
        if (!r.ok()) {
            notes.add(UNAVAILABLE + r.problem());
            return List.of();
        }
        return WindowsPnpParser.parse(r.stdout());
    }

    /** The start of the note of a Windows NPU query that failed; "timed out after …" follows when it timed out. */
    static final String UNAVAILABLE = "NPU list unavailable: PowerShell PnP query ";

    /** Runs the Windows PnP query once with this limit. */
    static CommandResult windowsQuery(ProbeContext ctx, java.time.Duration limit) {
        return ctx.run(limit, "powershell", "-NoProfile", "-NonInteractive", "-Command",
                WindowsPnpParser.POWERSHELL_SCRIPT);
    }

    private static List<NpuInfo> macos(ProbeContext ctx, String arch, String cpuModel, List<String> notes) {
        CommandResult r = ctx.run("sysctl", "-n", "machdep.cpu.brand_string");
        String brand = r.ok() ? r.stdout().trim() : cpuModel;
        if (!r.ok()) {
            notes.add("sysctl machdep.cpu.brand_string failed (" + r.problem() + "): Neural Engine judged by CPU name");
        }
        if (Architectures.AARCH64.equals(arch) && brand != null && brand.startsWith("Apple M")) {
            return List.of(new NpuInfo("Apple Neural Engine", "apple", null, "apple-silicon"));
        }
        return List.of();
    }

    /** Linux NPUs below a sysfs root; the root is a parameter so that tests can point it at a fixture tree. */
    static List<NpuInfo> linux(Path root, List<String> notes) {
        List<NpuInfo> out = new ArrayList<>();
        Set<String> seenSlots = new HashSet<>();
        for (Path accel : list(root.resolve("sys/class/accel"), notes)) {
            if (!accel.getFileName().toString().startsWith("accel")) {
                continue;
            }
            Path device = accel.resolve("device");
            Map<String, String> uevent = PciNpus.uevent(ProbeContext.readFile(device.resolve("uevent")));
            String slot = uevent.get("PCI_SLOT_NAME");
            if (slot == null || seenSlots.add(slot)) {
                out.add(pciDevice(device, uevent));
            }
        }
        for (String driver : PciNpus.DRIVERS.keySet().stream().sorted().toList()) {
            Path dir = root.resolve("sys/bus/pci/drivers").resolve(driver);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            for (Path bound : list(dir, notes)) {
                String slot = bound.getFileName().toString();
                if (PCI_ADDRESS.matcher(slot).matches() && seenSlots.add(slot)) {
                    Map<String, String> uevent = PciNpus.uevent(ProbeContext.readFile(bound.resolve("uevent")));
                    uevent.putIfAbsent("DRIVER", driver);
                    out.add(pciDevice(bound, uevent));
                }
            }
        }
        return out;
    }

    private static NpuInfo pciDevice(Path device, Map<String, String> uevent) {
        String driver = uevent.get("DRIVER");
        if (driver == null) {
            driver = driverLink(device);
        }
        String vendorId = ProbeContext.readFile(device.resolve("vendor"));
        String deviceId = ProbeContext.readFile(device.resolve("device"));
        String pciId = uevent.get("PCI_ID");
        if ((vendorId == null || deviceId == null) && pciId != null && pciId.contains(":")) {
            vendorId = pciId.substring(0, pciId.indexOf(':'));
            deviceId = pciId.substring(pciId.indexOf(':') + 1);
        }
        return PciNpus.of(driver, vendorId, deviceId);
    }

    /** The name of the {@code driver} symlink's target, which is the driver's name; null if there is none. */
    private static String driverLink(Path device) {
        try {
            return Files.readSymbolicLink(device.resolve("driver")).getFileName().toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<Path> list(Path dir, List<String> notes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException | RuntimeException e) {
            notes.add("cannot list " + dir + ": " + e.getMessage());
            return List.of();
        }
    }
}
