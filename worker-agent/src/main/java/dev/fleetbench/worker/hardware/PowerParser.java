package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.PowerInfo;
import dev.fleetbench.common.model.PowerSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns power readings into {@link PowerInfo}: Linux {@code /sys/class/power_supply/*} attributes, or OSHI's power
 * sources on Windows and macOS. Pure.
 */
final class PowerParser {

    /**
     * One OSHI power source, reduced to what matters here.
     *
     * @param name              OSHI's name ("System Battery", "InternalBattery-0"; "Unknown" for a placeholder)
     * @param onLine            the machine is on external power
     * @param charging          the battery is charging
     * @param discharging       the battery is discharging
     * @param remainingFraction remaining capacity 0.0–1.0; negative when unknown
     * @param deviceName        the battery's own device name as the OS reports it; OSHI's "unknown" (or null) when no
     *                          battery device answered
     */
    record Battery(String name, boolean onLine, boolean charging, boolean discharging, double remainingFraction,
                   String deviceName) {

        /** A reading without a device name (fixtures of platforms where OSHI reports none). */
        Battery(String name, boolean onLine, boolean charging, boolean discharging, double remainingFraction) {
            this(name, onLine, charging, discharging, remainingFraction, null);
        }

        /**
         * Whether this entry stands for no battery at all. OSHI always returns one entry on Windows, named
         * "System Battery", with its defaults when no battery device exists: power-on-line, charging and discharging
         * all false, 100 %, device name "unknown". A real battery always reports at least one of on-line (on mains)
         * or discharging (on battery) and has a device name. macOS and older OSHI versions report a placeholder
         * named "Unknown" without capacity.
         */
        boolean placeholder() {
            boolean unnamed = name == null || name.isBlank() || "unknown".equals(lower(name));
            if (unnamed && remainingFraction <= 0) {
                return true;
            }
            boolean noDevice = deviceName == null || deviceName.isBlank() || "unknown".equals(lower(deviceName));
            return noDevice && !onLine && !charging && !discharging;
        }
    }

    private PowerParser() {
    }

    /**
     * The one rule for a machine without a battery, shared by the profile, the heartbeat and every sample's
     * fingerprint: it runs, so it is on mains ({@code AC}), and its class has no power suffix.
     */
    static PowerInfo noBattery() {
        return new PowerInfo(PowerSource.AC, false, null);
    }

    /**
     * From sysfs supplies (supply name → attribute → value). Batteries of peripherals ({@code scope=Device}: mice,
     * keyboards, headsets) are ignored, so a desktop with a wireless mouse is still a desktop. Any mains or USB-C
     * supply that is online means AC; batteries with nothing online mean battery.
     */
    static PowerInfo fromSysfs(Map<String, Map<String, String>> supplies) {
        int batteries = 0;
        int percentCount = 0;
        double percentSum = 0;
        boolean externalOnline = false;
        boolean externalSeen = false;
        boolean discharging = false;
        boolean chargingOrFull = false;
        for (Map<String, String> attrs : supplies.values()) {
            if ("device".equals(lower(attrs.get("scope")))) {
                continue;
            }
            if ("battery".equals(lower(attrs.get("type")))) {
                batteries++;
                Double capacity = parsePercent(attrs.get("capacity"));
                if (capacity != null) {
                    percentSum += capacity;
                    percentCount++;
                }
                String status = lower(attrs.get("status"));
                discharging |= status.equals("discharging");
                chargingOrFull |= status.equals("charging") || status.equals("full");
            } else if (attrs.containsKey("online")) {
                externalSeen = true;
                externalOnline |= "1".equals(attrs.get("online").trim());
            }
        }
        if (batteries == 0) {
            return noBattery();
        }
        PowerSource source;
        if (externalOnline) {
            source = PowerSource.AC;
        } else if (batteries > 0 && (discharging || externalSeen)) {
            source = PowerSource.BATTERY;
        } else if (batteries > 0 && chargingOrFull) {
            source = PowerSource.AC;
        } else {
            source = PowerSource.UNKNOWN;
        }
        return new PowerInfo(source, batteries > 0, percentCount == 0 ? null : round1(percentSum / percentCount));
    }

    /**
     * From OSHI power sources. OSHI's stand-ins for "no battery" ({@link Battery#placeholder()}) are not batteries;
     * without any battery the machine is on mains ({@link #noBattery()}).
     */
    static PowerInfo fromOshi(List<Battery> sources) {
        int batteries = 0;
        int percentCount = 0;
        double percentSum = 0;
        boolean onLine = false;
        boolean onBattery = false;
        for (Battery b : sources) {
            if (b.placeholder()) {
                continue;
            }
            batteries++;
            if (b.remainingFraction() >= 0 && b.remainingFraction() <= 1) {
                percentSum += b.remainingFraction() * 100;
                percentCount++;
            }
            onLine |= b.onLine() || b.charging();
            onBattery |= b.discharging() && !b.onLine();
        }
        if (batteries == 0) {
            return noBattery();
        }
        PowerSource source = onLine ? PowerSource.AC : onBattery ? PowerSource.BATTERY : PowerSource.UNKNOWN;
        return new PowerInfo(source, batteries > 0, percentCount == 0 ? null : round1(percentSum / percentCount));
    }

    private static Double parsePercent(String text) {
        if (text == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(text.trim());
            return v >= 0 && v <= 100 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String lower(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }
}
