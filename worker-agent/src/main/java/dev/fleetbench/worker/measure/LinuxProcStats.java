package dev.fleetbench.worker.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link ProcessStatsSource} over Linux's {@code /proc/<pid>/stat} (CPU time) and {@code /proc/<pid>/status}
 * ({@code VmRSS}): two small reads, cheap enough to take every 20 ms while a request decodes without the agent's own
 * reading showing up in the figure (OSHI reads several more files per process). Parsers are static and tested on
 * captured text.
 */
public final class LinuxProcStats implements ProcessStatsSource {

    /** USER_HZ: the kernel reports {@code utime}/{@code stime} in 1/100 s on every architecture Linux runs on here. */
    static final long NANOS_PER_TICK = 10_000_000L;

    private final Path proc;

    public LinuxProcStats(Path proc) {
        this.proc = proc;
    }

    /** This machine's, when it is Linux; OSHI elsewhere. */
    public static ProcessStatsSource forThisMachine() {
        return Files.isReadable(Path.of("/proc/self/stat")) ? new LinuxProcStats(Path.of("/proc")) : new OshiProcessStats();
    }

    @Override
    public Optional<ProcessStats> read(long pid) {
        try {
            Path dir = proc.resolve(Long.toString(pid));
            OptionalLong ticks = cpuTicks(Files.readString(dir.resolve("stat")));
            OptionalLong rss = vmRssBytes(Files.readString(dir.resolve("status")));
            if (ticks.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ProcessStats(rss.orElse(0), ticks.getAsLong() * NANOS_PER_TICK));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or not ours to read
        }
    }

    /**
     * {@code utime + stime} in clock ticks from a {@code /proc/<pid>/stat} line. The command name (field 2) is in
     * parentheses and may itself hold spaces and parentheses, so fields are counted after the last {@code ')'}.
     */
    static OptionalLong cpuTicks(String stat) {
        int close = stat == null ? -1 : stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalLong.empty();
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state); utime is field 14, stime field 15
        if (f.length < 13) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code VmRSS:   123456 kB} from {@code /proc/<pid>/status}, in bytes. */
    static OptionalLong vmRssBytes(String status) {
        if (status == null) {
            return OptionalLong.empty();
        }
        for (String line : status.split("\\R")) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(f[0]) * 1024L);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
