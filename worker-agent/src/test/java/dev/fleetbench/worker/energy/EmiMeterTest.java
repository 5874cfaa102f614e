package dev.fleetbench.worker.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fleetbench.common.model.OsFamily;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Windows' Energy Meter Interface through its performance counters, on typeperf output (see the fixtures' README):
 * the channels added, joules from picowatt-hours, a reset counter, the meter chosen on Windows and the reasons when
 * it is not.
 */
class EmiMeterTest {

    static final Path DIR = Path.of("src/test/resources/hardware/windows/energy-meter");

    static List<EmiChannels.Channel> captured(String file) {
        try {
            return EmiChannels.parseTypeperf(Files.readString(DIR.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void typeperfOutputGivesEveryChannelsPicowattHours() {
        List<EmiChannels.Channel> before = captured("typeperf-before.csv");
        assertThat(before).extracting(EmiChannels.Channel::name).containsExactly("RAPL_Package0_PKG",
                "RAPL_Package0_PP0", "RAPL_Package0_PP1", "RAPL_Package0_DRAM", "RAPL_Package0_Core0_CORE",
                "RAPL_Package0_Core1_CORE");
        assertThat(before.get(0).picowattHours()).isEqualTo(33_770_455_183_333L);
    }

    @Test
    void thePackageAndDramChannelsAreAddedNotTheCoresAndPlanesInsideThePackage() {
        EmiMeter meter = EmiMeter.open(() -> captured("typeperf-before.csv")).meter();
        assertThat(meter.source()).isEqualTo("emi");
        assertThat(meter.domains()).isEqualTo("RAPL_Package0_PKG+RAPL_Package0_DRAM");
        assertThat(meter.estimate()).as("the package counts every process").isTrue();
    }

    @Test
    void joulesArePicowattHoursTimes3point6e9BetweenTwoReadings() {
        String[] file = {"typeperf-before.csv"};
        EmiMeter meter = EmiMeter.open(() -> captured(file[0])).meter();
        EnergyMeter.Reading a = meter.read(0);
        file[0] = "typeperf-after.csv";
        EnergyMeter.Reading b = meter.read(1_001_000_000L);
        // 15 J on the package and 1.8 J on DRAM; the 10 J of PP0 and 5 J per core are inside the package
        assertThat(meter.joules(a, b)).isCloseTo(16.8, within(1e-6));
        assertThat(meter.joules(b, a)).as("a counter that went back was reset: no figure").isNull();
    }

    @Test
    void aChannelThatVanishesGivesNoReading() {
        java.util.concurrent.atomic.AtomicReference<List<EmiChannels.Channel>> now =
                new java.util.concurrent.atomic.AtomicReference<>(captured("typeperf-before.csv"));
        EmiMeter meter = EmiMeter.open(now::get).meter();
        assertThat(meter.read(0)).isNotNull();
        now.set(now.get().stream().filter(c -> !c.name().endsWith("DRAM")).toList());
        assertThat(meter.read(0)).isNull();
    }

    @Test
    void metersThatAreNotRaplChannelsAreNotAddedAndTheReasonNamesThem() {
        EmiMeter.Opened other = EmiMeter.open(() -> captured("typeperf-other-meters.csv"));
        assertThat(other.meter()).isNull();
        assertThat(other.reason()).contains("no RAPL package channel").contains("CPU_CLUSTER_0, GPU");
        assertThat(EmiMeter.open(List::of).reason()).contains("no Energy Meter counters on this machine");
        assertThat(EmiMeter.open(() -> {
            throw new IllegalStateException("PDH_CSTATUS_NO_OBJECT");
        }).reason()).contains("cannot be read").contains("PDH_CSTATUS_NO_OBJECT");
    }

    @Test
    void windowsChoosesTheEnergyMeterInterfaceWhereItIsPresentElseItsBattery() {
        List<BatteryMeter.Rate> onBattery = List.of(new BatteryMeter.Rate("BAT0", true, -14_500));
        EnergyMeters withEmi = new EnergyMeters(OsFamily.WINDOWS, Path.of("/nonexistent-root"), () -> onBattery,
                () -> captured("typeperf-before.csv"));
        assertThat(withEmi.choose()).isInstanceOf(EmiMeter.class);
        assertThat(withEmi.reason()).isNull();
        EnergyMeters without = new EnergyMeters(OsFamily.WINDOWS, Path.of("/nonexistent-root"), () -> onBattery,
                List::of);
        assertThat(without.choose()).isInstanceOf(BatteryMeter.class);
        // the EMI channels are read on Windows only
        EnergyMeters linux = new EnergyMeters(OsFamily.LINUX, Path.of("/nonexistent-root"), List::of,
                () -> captured("typeperf-before.csv"));
        assertThat(linux.choose()).isNull();
    }

    @Test
    void textThatIsNotTypeperfOutputIsRefusedSayingWhatIsMissing() {
        assertThatThrownBy(() -> EmiChannels.parseTypeperf("Energy: 12\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PDH-CSV");
        assertThatThrownBy(() -> EmiChannels.parseTypeperf("\"(PDH-CSV 4.0)\",\"\\\\H\\Energy Meter(X)\\Energy\"\n"))
                .hasMessageContaining("no sample row");
    }
}
