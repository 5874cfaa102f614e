package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.OsInfo;
import org.junit.jupiter.api.Test;

/** os-release, sw_vers and the Windows CurrentVersion registry key. */
class OsParsersTest {

    @Test
    void debian() {
        assertThat(OsReleaseParser.linux(HardwareFixtures.text("linux/intel-desktop/etc/os-release"), "6.1.0-18-amd64\n"))
                .isEqualTo(new OsInfo(OsFamily.LINUX, "Debian GNU/Linux", "12 (bookworm)", "6.1.0-18-amd64"));
    }

    @Test
    void fedoraWithEmptyQuotedValues() {
        assertThat(OsReleaseParser.linux(HardwareFixtures.text("linux/ryzen-ai-laptop/etc/os-release"), null))
                .isEqualTo(new OsInfo(OsFamily.LINUX, "Fedora Linux", "40 (Workstation Edition)", null));
        assertThat(OsReleaseParser.parse(HardwareFixtures.text("linux/ryzen-ai-laptop/etc/os-release")))
                .containsEntry("VERSION_CODENAME", "").containsEntry("VERSION_ID", "40");
    }

    @Test
    void rollingReleaseFallsBackToBuildId() {
        assertThat(OsReleaseParser.linux("NAME=\"Arch Linux\"\nBUILD_ID=rolling\n# comment\n", "6.10.10-arch1-1"))
                .isEqualTo(new OsInfo(OsFamily.LINUX, "Arch Linux", "rolling", "6.10.10-arch1-1"));
    }

    @Test
    void quotesAndEscapes() {
        assertThat(OsReleaseParser.unquote("\"a \\\"b\\\" c\"")).isEqualTo("a \"b\" c");
        assertThat(OsReleaseParser.unquote("'single'")).isEqualTo("single");
        assertThat(OsReleaseParser.unquote("bare")).isEqualTo("bare");
    }

    @Test
    void unreadableOsReleaseGivesUnknowns() {
        assertThat(OsReleaseParser.linux(null, null)).isEqualTo(new OsInfo(OsFamily.LINUX, null, null, null));
    }

    @Test
    void macOsSonomaOnM2() {
        assertThat(SwVersParser.parse(HardwareFixtures.text("macos/m2/sw_vers.txt")))
                .isEqualTo(new OsInfo(OsFamily.MACOS, "macOS", "14.5", "23F79"));
    }

    @Test
    void windows11KeepsWindows10InProductNameAndIsCorrected() {
        assertThat(RegQueryParser.windowsOs(HardwareFixtures.text("windows/core-ultra/reg-currentversion.txt"), "10.0"))
                .isEqualTo(new OsInfo(OsFamily.WINDOWS, "Microsoft Windows 11 Pro", "10.0", "26100"));
    }

    @Test
    void windows10StaysWindows10() {
        assertThat(RegQueryParser.windowsOs(HardwareFixtures.text("windows/windows10-reg-currentversion.txt"), "10.0"))
                .isEqualTo(new OsInfo(OsFamily.WINDOWS, "Microsoft Windows 10 Enterprise", "10.0", "19045"));
    }

    @Test
    void registryValuesKeepTypesApartFromData() {
        assertThat(RegQueryParser.values(HardwareFixtures.text("windows/core-ultra/reg-currentversion.txt")))
                .containsEntry("SystemRoot", "C:\\WINDOWS")
                .containsEntry("UBR", "0x9e4")
                .containsEntry("CurrentType", "Multiprocessor Free")
                .doesNotContainKey("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion");
        assertThat(RegQueryParser.windowsOs(null, null)).isEqualTo(new OsInfo(OsFamily.WINDOWS, null, null, null));
    }

    @Test
    void oshiFallbackNamesEachFamily() {
        assertThat(OsReader.fromOshi(OsFamily.WINDOWS, new OshiSnapshot.Os("Microsoft", "Windows", "11", "Home",
                "22631"), "10.0")).isEqualTo(new OsInfo(OsFamily.WINDOWS, "Microsoft Windows 11 Home", "10.0", "22631"));
        assertThat(OsReader.fromOshi(OsFamily.MACOS, new OshiSnapshot.Os("Apple", "macOS", "14.5", "Sonoma",
                "23F79"), "14.5")).isEqualTo(new OsInfo(OsFamily.MACOS, "macOS", "14.5", "23F79"));
        assertThat(OsReader.fromOshi(OsFamily.LINUX, null, "6.1.0-18-amd64"))
                .isEqualTo(new OsInfo(OsFamily.LINUX, null, null, "6.1.0-18-amd64"));
    }
}
