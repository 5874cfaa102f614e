package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.CpuInfo;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryInfo;
import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.OsInfo;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The terminal report, pinned by golden files. */
class HardwareReportTest {

    @Test
    void snapdragonLaptop() {
        Golden.assertMatches("hardware-report-snapdragon-laptop.txt", HardwareReport.render(Fixtures.snapdragonLaptop()));
    }

    @Test
    void intelDesktopWithNotesAndNoAccelerators() {
        Golden.assertMatches("hardware-report-intel-desktop.txt", HardwareReport.render(Fixtures.intelDesktop()));
    }

    @Test
    void unknownsSayUnknown() {
        HardwareProfile p = new HardwareProfile("m-0000000000000000", null, new OsInfo(OsFamily.OTHER, null, null,
                null), new CpuInfo(null, null, null, 0, 0, 0, List.of()), new MemoryInfo(0, 0), List.of(), List.of(),
                null, List.of());
        String text = HardwareReport.render(p);
        assertThat(text).contains("  host name        unknown\n", "  model            unknown\n",
                "  total            unknown\n", "  features         none visible\n", "  source           unknown\n",
                "  battery          none\n");
    }

    @Test
    void sizesAreGigabytesWithOneDecimal() {
        assertThat(HardwareReport.gb(16L << 30)).isEqualTo("16.0 GB");
        assertThat(HardwareReport.gb((16L << 30) - (400L << 20))).isEqualTo("15.6 GB");
        assertThat(HardwareReport.gb(0)).isNull();
    }
}
