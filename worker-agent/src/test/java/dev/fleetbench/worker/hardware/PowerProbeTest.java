package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.PowerInfo;
import dev.fleetbench.common.model.PowerSource;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live power reading of heartbeats and samples, through OSHI-shaped power-source lists and sysfs fixtures. */
class PowerProbeTest {

    private static final Path NOWHERE = Path.of("does-not-exist");

    @Test
    void eachReadingIsNewSoAnUnpluggedLaptopIsOnBatteryFromThenOn() {
        Deque<List<PowerParser.Battery>> readings = new ArrayDeque<>(List.of(
                List.of(new PowerParser.Battery("System Battery", true, true, false, 0.80, "Surface Battery")),
                List.of(new PowerParser.Battery("System Battery", false, false, true, 0.79, "Surface Battery"))));
        PowerProbe probe = new PowerProbe(HardwareFixtures.context(OsFamily.WINDOWS, "amd64", "10.0", NOWHERE,
                new FakeRunner()), readings::poll);

        assertThat(probe.read()).isEqualTo(new PowerInfo(PowerSource.AC, true, 80.0));
        assertThat(probe.read()).isEqualTo(new PowerInfo(PowerSource.BATTERY, true, 79.0));
    }

    @Test
    void aWindowsDesktopHeartbeatsAcNotBattery() {
        PowerProbe probe = new PowerProbe(HardwareFixtures.context(OsFamily.WINDOWS, "amd64", "10.0", NOWHERE,
                new FakeRunner()), () -> List.of(new PowerParser.Battery("System Battery", false, false, false, 1.0,
                        "unknown")));

        assertThat(probe.read().source()).isEqualTo(PowerSource.AC);
    }

    @Test
    void linuxReadsSysfsAndNeverAsksOshi() {
        PowerProbe probe = new PowerProbe(HardwareFixtures.context(OsFamily.LINUX, "amd64", "6.8",
                HardwareFixtures.path("linux/ryzen-ai-laptop"), new FakeRunner()), () -> {
                    throw new AssertionError("OSHI must not be asked on Linux");
                });

        assertThat(probe.read()).isEqualTo(new PowerInfo(PowerSource.BATTERY, true, 63.0));
    }

    @Test
    void aFailingReadingIsUnknownAndTheNextOneTriesAgain() {
        Deque<Object> readings = new ArrayDeque<>(List.of(new IllegalStateException("WMI timed out"),
                List.of(new PowerParser.Battery("InternalBattery-0", true, false, false, 1.0))));
        @SuppressWarnings("unchecked")
        PowerProbe probe = new PowerProbe(HardwareFixtures.context(OsFamily.MACOS, "aarch64", "14.5", NOWHERE,
                new FakeRunner()), () -> {
                    Object next = readings.poll();
                    if (next instanceof RuntimeException e) {
                        throw e;
                    }
                    return (List<PowerParser.Battery>) next;
                });

        assertThat(probe.read()).isEqualTo(PowerInfo.unknown());
        assertThat(probe.read()).isEqualTo(new PowerInfo(PowerSource.AC, true, 100.0));
    }
}
