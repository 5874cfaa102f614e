package dev.fleetbench.worker.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RAPL read from sysfs trees captured on real machines (hardware/linux/*), copied where counters must move. */
class RaplMeterTest {

    static final Path LINUX = Path.of("src", "test", "resources", "hardware", "linux");

    @TempDir
    Path temp;

    @Test
    void aDesktopCountsItsPackageOnlyNotCoreUncorePsysOrTheMmioTwin() {
        RaplMeter meter = RaplMeter.open(LINUX.resolve("intel-desktop")).meter();
        assertThat(meter).isNotNull();
        assertThat(meter.domains()).isEqualTo("package-0");
        assertThat(meter.source()).isEqualTo("rapl");
        assertThat(meter.estimate()).isTrue();
        assertThat(meter.read(7).values()).containsExactly(48213374117.0);
    }

    @Test
    void aTwoSocketServerCountsBothPackagesAndTheirDram() {
        RaplMeter meter = RaplMeter.open(LINUX.resolve("xeon-sapphire-rapids")).meter();
        assertThat(meter.domains()).isEqualTo("package-0+dram+package-1");
        assertThat(meter.read(0).values()).containsExactly(137650831720.0, 21469135092.0, 262143100000.0,
                40981735510.0);
    }

    @Test
    void anAmdLaptopHasItsPackageAlone() {
        assertThat(RaplMeter.open(LINUX.resolve("ryzen-ai-laptop")).meter().domains()).isEqualTo("package-0");
    }

    @Test
    void joulesAddEveryDomainAndSurviveACounterWrappingRound() throws IOException {
        Path root = copy("xeon-sapphire-rapids");
        RaplMeter meter = RaplMeter.open(root).meter();
        EnergyMeter.Reading before = meter.read(1_000_000_000L);
        Path zones = root.resolve("sys/class/powercap");
        // package-0 +40 J, dram +3.5 J, package-1 wraps (228,850 µJ to its range, then 771,150 µJ), dram-1 +2 J
        Files.writeString(zones.resolve("intel-rapl:0/energy_uj"), (137650831720L + 40_000_000L) + "\n");
        Files.writeString(zones.resolve("intel-rapl:0:0/energy_uj"), (21469135092L + 3_500_000L) + "\n");
        Files.writeString(zones.resolve("intel-rapl:1/energy_uj"), "771150\n");
        Files.writeString(zones.resolve("intel-rapl:1:0/energy_uj"), (40981735510L + 2_000_000L) + "\n");
        EnergyMeter.Reading after = meter.read(3_000_000_000L);
        assertThat(meter.joules(before, after)).isCloseTo(40 + 3.5 + 1.0 + 2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(before.seconds(after)).isEqualTo(2.0);
    }

    @Test
    void wrapArithmetic() {
        assertThat(RaplZones.deltaMicrojoules(100, 250, 1000)).isEqualTo(150);
        assertThat(RaplZones.deltaMicrojoules(900, 50, 1000)).isEqualTo(150);
        assertThat(RaplZones.deltaMicrojoules(300, 300, 1000)).isZero();
        assertThatThrownBy(() -> RaplZones.deltaMicrojoules(10, 1200, 1000))
                .hasMessageContaining("1200").hasMessageContaining("0..1000");
    }

    @Test
    void aZoneWithoutAUsableRangeIsNamedAndLeftOut() {
        List<String> problems = new ArrayList<>();
        List<RaplZones.Zone> zones = RaplZones.select(Map.of("intel-rapl:0", Map.of("name", "package-0",
                "max_energy_range_uj", "n/a")), problems);
        assertThat(zones).isEmpty();
        assertThat(problems).singleElement().asString().contains("intel-rapl:0").contains("max_energy_range_uj")
                .contains("n/a");
    }

    @Test
    void unreadableCountersGiveNoMeterAndSayWhy() throws IOException {
        Path root = copy("intel-desktop");
        // the agent runs as root here, so a permission bit would not stop it: a counter that fails to read instead
        Path counter = root.resolve("sys/class/powercap/intel-rapl:0/energy_uj");
        Files.delete(counter);
        Files.createDirectory(counter);
        RaplMeter.Opened opened = RaplMeter.open(root);
        assertThat(opened.meter()).isNull();
        assertThat(opened.reason()).contains("not readable").contains("root");
    }

    @Test
    void aMachineWithoutPowercapSaysSo() {
        RaplMeter.Opened opened = RaplMeter.open(LINUX.resolve("meteorlake-laptop"));
        assertThat(opened.meter()).isNull();
        assertThat(opened.reason()).contains("no /sys/class/powercap");
    }

    /** On this machine: RAPL where it is readable (its joules grow while a core works), else the reason. */
    @Test
    void liveWhereThisMachineHasRapl() {
        RaplMeter.Opened opened = RaplMeter.open(Path.of("/"));
        if (opened.meter() == null) {
            System.out.println("RAPL not measured live on this machine: " + opened.reason());
            assertThat(opened.reason()).isNotBlank();
            return;
        }
        RaplMeter meter = opened.meter();
        EnergyMeter.Reading before = meter.read(System.nanoTime());
        long until = System.nanoTime() + 300_000_000L;
        double x = 0;
        while (System.nanoTime() < until) {
            x += Math.sqrt(x + 1);
        }
        EnergyMeter.Reading after = meter.read(System.nanoTime());
        double joules = meter.joules(before, after);
        System.out.printf("live RAPL %s: %.3f J over %.3f s (%.1f W) [%s]%n", meter.domains(), joules,
                before.seconds(after), joules / before.seconds(after), x > 0);
        assertThat(joules).isPositive();
    }

    private Path copy(String machine) throws IOException {
        return RaplMeterTestSupport.copy(LINUX.resolve(machine), temp.resolve(machine));
    }
}
