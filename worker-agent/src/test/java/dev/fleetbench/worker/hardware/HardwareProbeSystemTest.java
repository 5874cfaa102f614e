package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.OsFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real probe on the machine running the tests: OSHI, the real file system and real processes. Facts that hold
 * anywhere are asserted everywhere; the facts of the project's Linux x86_64 build machine only there.
 */
class HardwareProbeSystemTest {

    private static HardwareProfile first;
    private static HardwareProfile second;

    @BeforeAll
    static void probeTwice() {
        assertThatCode(() -> {
            first = HardwareProbe.system().probe();
            second = HardwareProbe.system().probe();
        }).doesNotThrowAnyException();
    }

    @Test
    void saneEverywhere() {
        assertThat(first).isNotNull();
        assertThat(first.cpu().logicalCores()).isGreaterThanOrEqualTo(1);
        assertThat(first.memory().totalBytes()).isGreaterThan(0);
        assertThat(first.memory().availableBytes()).isBetween(0L, first.memory().totalBytes());
        assertThat(first.machineId()).matches("m-[0-9a-f]{16}");
        assertThat(second.machineId()).isEqualTo(first.machineId());
        assertThat(second.profileHash()).isEqualTo(first.profileHash());
        assertThat(HardwareReport.render(first)).contains("Machine", first.machineId());
    }

    @Test
    void linuxX86BuildMachine() throws IOException {
        assumeTrue(isLinuxX86(), "runs on Linux x86_64 only");
        assertThat(first.os().family()).isEqualTo(OsFamily.LINUX);
        assertThat(first.cpu().architecture()).isEqualTo("x86_64");
        assertThat(first.os().build()).isEqualTo(System.getProperty("os.version"));
        String machineId = Files.readString(Path.of("/etc/machine-id")).trim();
        if (MachineIds.usable(machineId)) {
            assertThat(first.machineId()).isEqualTo(MachineIds.of(machineId)).doesNotContain(machineId);
        }
    }

    @Test
    void avx2IsSeenWhereTheKernelShowsIt() throws IOException {
        assumeTrue(isLinuxX86(), "runs on Linux x86_64 only");
        // an independent check of the same fact, so that the test holds on an older build machine too
        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        assumeTrue(cpuinfo.matches("(?s).*\\bflags\\s*:[^\\n]*\\bavx2\\b.*"), "this processor shows no avx2");
        assertThat(first.cpu().features()).contains("avx", "avx2");
    }

    private static boolean isLinuxX86() {
        return OsFamily.parse(System.getProperty("os.name")) == OsFamily.LINUX
                && "x86_64".equals(Architectures.normalise(System.getProperty("os.arch")));
    }
}
