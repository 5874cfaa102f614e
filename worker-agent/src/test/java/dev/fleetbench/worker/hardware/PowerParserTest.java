package dev.fleetbench.worker.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.PowerInfo;
import dev.fleetbench.common.model.PowerSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Linux power_supply trees and OSHI power sources of laptops and desktops. */
class PowerParserTest {

    private static PowerInfo sysfs(String root) {
        return PowerParser.fromSysfs(PowerReader.supplies(
                HardwareFixtures.path(root).resolve("sys/class/power_supply")));
    }

    @Test
    void laptopOnMainsIgnoresTheWirelessMouseBattery() {
        // the mouse battery (scope Device, 40 %, discharging) must not pull the percentage down or say "battery"
        assertThat(sysfs("linux/meteorlake-laptop")).isEqualTo(new PowerInfo(PowerSource.AC, true, 87.0));
    }

    @Test
    void laptopOnBattery() {
        assertThat(sysfs("linux/ryzen-ai-laptop")).isEqualTo(new PowerInfo(PowerSource.BATTERY, true, 63.0));
    }

    @Test
    void desktopWithoutPowerSupplyDirectoryIsOnMains() {
        assertThat(sysfs("linux/intel-desktop")).isEqualTo(new PowerInfo(PowerSource.AC, false, null));
    }

    @Test
    void desktopWithMainsEntryIsAc() {
        assertThat(PowerParser.fromSysfs(Map.of("AC", Map.of("type", "Mains", "online", "1"))))
                .isEqualTo(new PowerInfo(PowerSource.AC, false, null));
    }

    @Test
    void batteryAloneIsJudgedByItsStatus() {
        assertThat(PowerParser.fromSysfs(Map.of("BAT0", Map.of("type", "Battery", "status", "Full", "capacity", "100"))))
                .isEqualTo(new PowerInfo(PowerSource.AC, true, 100.0));
        assertThat(PowerParser.fromSysfs(Map.of("BAT0", Map.of("type", "Battery", "status", "Unknown",
                "capacity", "garbage")))).isEqualTo(new PowerInfo(PowerSource.UNKNOWN, true, null));
    }

    @Test
    void twoBatteriesAreAveraged() {
        assertThat(PowerParser.fromSysfs(Map.of(
                "BAT0", Map.of("type", "Battery", "status", "Discharging", "capacity", "80"),
                "BAT1", Map.of("type", "Battery", "status", "Discharging", "capacity", "45"))).batteryPercent())
                .isEqualTo(62.5);
    }

    @Test
    void oshiWindowsLaptopOnAc() {
        assertThat(PowerParser.fromOshi(List.of(new PowerParser.Battery("System Battery", true, true, false, 0.87))))
                .isEqualTo(new PowerInfo(PowerSource.AC, true, 87.0));
    }

    @Test
    void oshiMacOnBattery() {
        assertThat(PowerParser.fromOshi(List.of(new PowerParser.Battery("InternalBattery-0", false, false, true,
                0.4321)))).isEqualTo(new PowerInfo(PowerSource.BATTERY, true, 43.2));
    }

    @Test
    void oshiPlaceholderOfADesktopIsNoBattery() {
        assertThat(PowerParser.fromOshi(List.of(new PowerParser.Battery("Unknown", false, false, false, 0))))
                .isEqualTo(MAINS);
        assertThat(PowerParser.fromOshi(List.of())).as("a Mac mini: OSHI lists nothing").isEqualTo(MAINS);
    }

    /** No battery: on mains, and the class gets no power suffix. */
    private static final PowerInfo MAINS = new PowerInfo(PowerSource.AC, false, null);

    /**
     * What OSHI 6.x's WindowsPowerSourceJNA returns on a desktop: always one entry named "System Battery" with its
     * defaults (remaining 1.0, power-on-line, charging and discharging false, device name "unknown") because no
     * battery device answers the SetupDi enumeration.
     */
    @Test
    void oshiWindowsDesktopSystemBatteryStandInIsMainsNotBattery() {
        PowerParser.Battery desktop = new PowerParser.Battery("System Battery", false, false, false, 1.0, "unknown");

        assertThat(desktop.placeholder()).isTrue();
        assertThat(PowerParser.fromOshi(List.of(desktop))).isEqualTo(MAINS);
    }

    @Test
    void oshiWindowsLaptopsAreJudgedByTheirBatteryStatus() {
        // a battery device answered: it has a name and sets on-line (mains) or discharging (battery)
        assertThat(PowerParser.fromOshi(List.of(new PowerParser.Battery("System Battery", false, false, true, 0.63,
                "DELL 1VX1H93")))).isEqualTo(new PowerInfo(PowerSource.BATTERY, true, 63.0));
        assertThat(PowerParser.fromOshi(List.of(new PowerParser.Battery("System Battery", true, false, false, 1.0,
                "Surface Battery")))).isEqualTo(new PowerInfo(PowerSource.AC, true, 100.0));
        // a named battery whose status query failed is a battery of unknown state, not a desktop
        assertThat(PowerParser.fromOshi(List.of(new PowerParser.Battery("System Battery", false, false, false, 0.5,
                "LNV-5B10W13975")))).isEqualTo(new PowerInfo(PowerSource.UNKNOWN, true, 50.0));
    }

    @Test
    void oshiUnknownCapacityIsNull() {
        assertThat(PowerParser.fromOshi(List.of(new PowerParser.Battery("System Battery", true, false, false, -1))))
                .isEqualTo(new PowerInfo(PowerSource.AC, true, null));
    }
}
