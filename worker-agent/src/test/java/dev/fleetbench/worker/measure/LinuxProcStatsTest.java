package dev.fleetbench.worker.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class LinuxProcStatsTest {

    @Test
    void statAndStatusAreParsed() throws Exception {
        // captured from `cat /proc/self/stat` and `/proc/self/status` on Linux 6.1
        String stat = Files.readString(Path.of("src/test/resources/proc/stat.txt"));
        assertThat(LinuxProcStats.cpuTicks(stat)).hasValue(0);
        assertThat(LinuxProcStats.vmRssBytes(Files.readString(Path.of("src/test/resources/proc/status.txt"))))
                .hasValue(2304 * 1024L);
        // a command name with spaces and parentheses: fields are counted after the last ')'
        String odd = "4242 (foundry (svc) x) S 1 4242 4242 0 -1 4194560 5000 0 0 0 250 50 0 0 20 0 30 0 1000 "
                + "900000000 60000 18446744073709551615";
        assertThat(LinuxProcStats.cpuTicks(odd)).hasValue(300);
        assertThat(LinuxProcStats.cpuTicks("garbage")).isEmpty();
        assertThat(LinuxProcStats.cpuTicks("1 (x) S 1 2")).isEmpty();
        assertThat(LinuxProcStats.vmRssBytes("Name:\tx\n")).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void liveOnLinuxItReadsThisProcess() {
        long pid = ProcessHandle.current().pid();
        ProcessStats before = LinuxProcStats.forThisMachine().read(pid).orElseThrow();
        // burn until this thread has had 200 ms of CPU, however long that takes on a busy machine (not a fixed time)
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 200_000_000L;
        long giveUp = System.nanoTime() + 60_000_000_000L;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < until && System.nanoTime() < giveUp) {
            for (int i = 0; i < 10_000; i++) {
                x += x * 31 + 7;
            }
        }
        ProcessStats after = LinuxProcStats.forThisMachine().read(pid).orElseThrow();
        assertThat(after.cpuNanos() - before.cpuNanos()).as("burned " + x).isGreaterThan(50_000_000L);
        assertThat(after.rssBytes()).isGreaterThan(10_000_000L);
        assertThat(new LinuxProcStats(Path.of("/proc")).read(Long.MAX_VALUE)).isEmpty();
    }
}
