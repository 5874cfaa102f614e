package dev.fleetbench.worker.measure;

import java.util.Optional;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/** {@link ProcessStatsSource} over OSHI, which reads /proc, the Windows performance counters or macOS task info. */
public final class OshiProcessStats implements ProcessStatsSource {

    private final OperatingSystem os = new SystemInfo().getOperatingSystem();

    @Override
    public Optional<ProcessStats> read(long pid) {
        try {
            OSProcess p = os.getProcess((int) pid);
            if (p == null) {
                return Optional.empty();
            }
            return Optional.of(new ProcessStats(p.getResidentSetSize(),
                    (p.getUserTime() + p.getKernelTime()) * 1_000_000L));
        } catch (RuntimeException e) {
            // OSHI throws on exotic platforms; an unreadable process is "unknown", never a failed benchmark.
            return Optional.empty();
        }
    }
}
