package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.NpuInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** sysfs accel class and NPU driver directories, from fixture trees and trees with real symlinks. */
class LinuxNpuReaderTest {

    @Test
    void meteorLakeIntelVpuFromAccelClass() {
        List<String> notes = new ArrayList<>();
        assertThat(NpuReader.linux(HardwareFixtures.path("linux/meteorlake-laptop"), notes))
                .containsExactly(new NpuInfo("Intel NPU [8086:7d1d]", "intel", "intel_vpu", "sysfs"));
        assertThat(notes).isEmpty();
    }

    @Test
    void ryzenAiXdnaFromAccelClass() {
        assertThat(NpuReader.linux(HardwareFixtures.path("linux/ryzen-ai-laptop"), new ArrayList<>()))
                .containsExactly(new NpuInfo("AMD XDNA NPU [1022:1502]", "amd", "amdxdna", "sysfs"));
    }

    @Test
    void desktopWithoutAccelHasNone() {
        List<String> notes = new ArrayList<>();
        assertThat(NpuReader.linux(HardwareFixtures.path("linux/intel-desktop"), notes)).isEmpty();
        assertThat(notes).isEmpty();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "sysfs names contain colons; symlinks need privileges")
    void deviceBoundToNpuDriverWithoutAccelNodeIsFoundThroughTheBus(@TempDir Path root) throws IOException {
        // as on a real system: the driver directory holds a symlink named by PCI address to the device
        Path device = Files.createDirectories(root.resolve("sys/devices/pci0000:00/0000:3b:00.0"));
        Files.writeString(device.resolve("vendor"), "0x17cb\n");
        Files.writeString(device.resolve("device"), "0xa100\n");
        Path drivers = Files.createDirectories(root.resolve("sys/bus/pci/drivers/qaic"));
        Files.createSymbolicLink(drivers.resolve("0000:3b:00.0"), device);
        Files.writeString(drivers.resolve("bind"), "");
        Files.createDirectories(root.resolve("sys/bus/pci/drivers/intel_vpu")); // loaded, nothing bound
        assertThat(NpuReader.linux(root, new ArrayList<>()))
                .containsExactly(new NpuInfo("Qualcomm Cloud AI 100 [17cb:a100]", "qualcomm", "qaic", "sysfs"));
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "sysfs names contain colons; symlinks need privileges")
    void deviceSeenInBothPlacesIsCountedOnceAndDriverComesFromSymlink(@TempDir Path root) throws IOException {
        Path device = Files.createDirectories(root.resolve("sys/devices/pci0000:00/0000:00:0b.0"));
        Files.writeString(device.resolve("uevent"), "PCI_ID=8086:643E\nPCI_SLOT_NAME=0000:00:0b.0\n");
        Path driverDir = Files.createDirectories(root.resolve("sys/bus/pci/drivers/intel_vpu"));
        Files.createSymbolicLink(device.resolve("driver"), driverDir);
        Files.createSymbolicLink(driverDir.resolve("0000:00:0b.0"), device);
        Path accel = Files.createDirectories(root.resolve("sys/class/accel/accel0"));
        Files.createSymbolicLink(accel.resolve("device"), device);
        assertThat(NpuReader.linux(root, new ArrayList<>()))
                .containsExactly(new NpuInfo("Intel NPU [8086:643e]", "intel", "intel_vpu", "sysfs"));
    }

    @Test
    void unknownDriverAndMissingIdsStillGiveAnAccelerator() {
        assertThat(PciNpus.of("rocket", null, null)).isEqualTo(new NpuInfo("rocket accelerator", "unknown", "rocket",
                "sysfs"));
        assertThat(PciNpus.of(null, "0x8086", null)).isEqualTo(new NpuInfo("Accelerator", "intel", null, "sysfs"));
        assertThat(PciNpus.normaliseId(" 0x7D1D\n")).isEqualTo("7d1d");
    }
}
