package dev.fleetbench.worker.hardware;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.software.os.OperatingSystem;

/**
 * The only class that calls OSHI: copies what it reports into an {@link OshiSnapshot}. Each part is read on its own,
 * so one failing query (a missing native library, a WMI timeout) costs only that part, which becomes a note.
 * OSHI's native access can fail with a {@link LinkageError} as well as an exception; both are caught.
 */
final class OshiReader {

    private OshiReader() {
    }

    /** Reads everything; never throws. Blocking: OSHI may run commands and WMI queries. */
    static OshiSnapshot read() {
        List<String> notes = new ArrayList<>();
        SystemInfo si = part("system information", SystemInfo::new, notes);
        if (si == null) {
            return new OshiSnapshot(null, null, null, 0, 0, null, null, null, null, notes);
        }
        HardwareAbstractionLayer hal = part("hardware layer", si::getHardware, notes);
        OperatingSystem os = part("operating system layer", si::getOperatingSystem, notes);
        String hostname = os == null ? null : part("host name", () -> os.getNetworkParams().getHostName(), notes);
        OshiSnapshot.Os osPart = os == null ? null : part("OS details", () -> readOs(os), notes);
        if (hal == null) {
            return new OshiSnapshot(hostname, osPart, null, 0, 0, null, null, null, null, notes);
        }
        OshiSnapshot.Cpu cpu = part("CPU details", () -> readCpu(hal.getProcessor()), notes);
        GlobalMemory memory = part("memory", hal::getMemory, notes);
        Long total = memory == null ? null : part("total memory", memory::getTotal, notes);
        Long avail = memory == null ? null : part("available memory", memory::getAvailable, notes);
        List<OshiSnapshot.Gpu> gpus = part("GPU list", () -> hal.getGraphicsCards().stream()
                .map(g -> new OshiSnapshot.Gpu(g.getName(), g.getVendor(), g.getVRam(), g.getVersionInfo()))
                .toList(), notes);
        List<PowerParser.Battery> batteries = part("power sources", () -> batteries(hal), notes);
        String uuid = part("hardware UUID", () -> hal.getComputerSystem().getHardwareUUID(), notes);
        String serial = part("serial number", () -> hal.getComputerSystem().getSerialNumber(), notes);
        return new OshiSnapshot(hostname, osPart, cpu, total == null ? 0 : total, avail == null ? 0 : avail, gpus,
                batteries, uuid, serial, notes);
    }

    /** OSHI's power sources as read now (OSHI does not cache them), for the profile and the live power probe. */
    static List<PowerParser.Battery> batteries(HardwareAbstractionLayer hal) {
        return hal.getPowerSources().stream()
                .map(p -> new PowerParser.Battery(p.getName(), p.isPowerOnLine(), p.isCharging(), p.isDischarging(),
                        p.getRemainingCapacityPercent(), p.getDeviceName()))
                .toList();
    }

    private static OshiSnapshot.Os readOs(OperatingSystem os) {
        OperatingSystem.OSVersionInfo v = os.getVersionInfo();
        return new OshiSnapshot.Os(os.getManufacturer(), os.getFamily(), v.getVersion(), v.getCodeName(),
                v.getBuildNumber());
    }

    /** The CPU part alone (name, cores, feature flags); null with a note when OSHI cannot read it. */
    static OshiSnapshot.Cpu cpu(List<String> notes) {
        return part("CPU details", () -> readCpu(new SystemInfo().getHardware().getProcessor()), notes);
    }

    private static OshiSnapshot.Cpu readCpu(CentralProcessor p) {
        CentralProcessor.ProcessorIdentifier id = p.getProcessorIdentifier();
        return new OshiSnapshot.Cpu(id.getVendor(), id.getName(), id.getProcessorID(), p.getPhysicalProcessorCount(),
                p.getLogicalProcessorCount(), p.getMaxFreq(), id.getVendorFreq(), p.getFeatureFlags());
    }

    /** The value, or null and a note "X unavailable from OSHI: reason". */
    static <T> T part(String what, Supplier<T> read, List<String> notes) {
        try {
            return read.get();
        } catch (RuntimeException | LinkageError e) {
            notes.add(what + " unavailable from OSHI: " + e);
            return null;
        }
    }
}
