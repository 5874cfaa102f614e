package dev.fleetbench.worker.energy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.Energy;
import dev.fleetbench.common.model.OsFamily;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counter chosen per lease, the battery's discharge rate, and the energy and idle power made of readings. */
class EnergyMetersTest {

    private static final Path LINUX = RaplMeterTest.LINUX;
    private static final List<BatteryMeter.Rate> ON_BATTERY = List.of(new BatteryMeter.Rate("BAT0", true, -14_500));
    private static final List<BatteryMeter.Rate> ON_MAINS = List.of(new BatteryMeter.Rate("BAT0", false, 0));

    @Test
    void raplComesFirstWhereReadable() {
        EnergyMeters meters = new EnergyMeters(OsFamily.LINUX, LINUX.resolve("intel-desktop"), () -> ON_BATTERY);
        assertThat(meters.choose()).isInstanceOf(RaplMeter.class);
        assertThat(meters.reason()).isNull();
    }

    @Test
    void aLaptopWithoutRaplIsMeasuredOnItsBatteryOnlyWhileOnBattery() {
        EnergyMeter battery = new EnergyMeters(OsFamily.LINUX, LINUX.resolve("meteorlake-laptop"), () -> ON_BATTERY)
                .choose();
        assertThat(battery.source()).isEqualTo("battery");
        assertThat(battery.domains()).isEqualTo("BAT0");
        EnergyMeters plugged = new EnergyMeters(OsFamily.LINUX, LINUX.resolve("meteorlake-laptop"), () -> ON_MAINS);
        assertThat(plugged.choose()).isNull();
        assertThat(plugged.reason()).contains("no /sys/class/powercap").contains("not running on battery");
    }

    @Test
    void windowsWithoutEnergyMeterCountersOnMainsHasNoCounterAndSaysWhy() {
        EnergyMeters meters = new EnergyMeters(OsFamily.WINDOWS, LINUX.resolve("intel-desktop"), () -> ON_MAINS);
        assertThat(meters.choose()).isNull();
        assertThat(meters.reason()).contains("no Energy Meter counters on this machine").contains("not running on battery");
    }

    @Test
    void dischargeAddsTheDischargingBatteriesWhateverTheSignOfTheirRate() {
        assertThat(BatteryMeter.dischargeWatts(List.of(new BatteryMeter.Rate("BAT0", true, -9_000),
                new BatteryMeter.Rate("BAT1", true, 3_000), new BatteryMeter.Rate("hid", false, -400)))).isEqualTo(12.0);
        assertThat(BatteryMeter.dischargeWatts(ON_MAINS)).isNull();
        assertThat(BatteryMeter.dischargeWatts(List.of(new BatteryMeter.Rate("BAT0", true, Double.NaN)))).isNull();
    }

    @Test
    void batteryJoulesAreTheMeanRateOverTheSpan() {
        double[] mw = {-10_000};
        BatteryMeter meter = new BatteryMeter(() -> List.of(new BatteryMeter.Rate("BAT0", true, mw[0])));
        EnergyMeter.Reading a = meter.read(0);
        mw[0] = -14_000;
        EnergyMeter.Reading b = meter.read(500_000_000L);
        assertThat(meter.joules(a, b)).isEqualTo(6.0); // (10 W + 14 W) / 2 × 0.5 s
    }

    @Test
    void energyOfASpanCarriesItsSourcePerTokenFigureEstimateAndIdle() {
        BatteryMeter meter = new BatteryMeter(() -> ON_BATTERY);
        Energy e = EnergySpan.between(meter, meter.read(0), meter.read(2_000_000_000L), 58, 4.25);
        assertThat(e.source()).isEqualTo("battery");
        assertThat(e.joules()).isEqualTo(29.0);
        assertThat(e.seconds()).isEqualTo(2.0);
        assertThat(e.joulesPerOutputToken()).isEqualTo(0.5);
        assertThat(e.estimate()).isTrue();
        assertThat(e.idleWatts()).isEqualTo(4.25);
        assertThat(e.watts()).isEqualTo(14.5);
        assertThat(EnergySpan.between(meter, meter.read(0), meter.read(1_000_000L), 0, null).joulesPerOutputToken())
                .isNull();
        assertThat(EnergySpan.between(meter, null, meter.read(1), 3, null)).isNull();
    }

    @Test
    void idlePowerIsTheCounterOverAQuietWindow(@TempDir Path temp) throws Exception {
        Path root = RaplMeterTestSupport.copy(LINUX.resolve("intel-desktop"), temp.resolve("m"));
        RaplMeter meter = RaplMeter.open(root).meter();
        AtomicLong now = new AtomicLong(5_000_000_000L);
        Path counter = root.resolve("sys/class/powercap/intel-rapl:0/energy_uj");
        Double idle = EnergySpan.idleWatts(meter, now::get, Duration.ofSeconds(2), d -> {
            now.addAndGet(d.toNanos());
            try {
                java.nio.file.Files.writeString(counter, (48213374117L + 13_000_000L) + "\n"); // 13 J in 2 s
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(idle).isEqualTo(6.5);
        assertThat(EnergySpan.idleWatts(meter, now::get, Duration.ZERO, d -> { })).isNull();
    }
}
