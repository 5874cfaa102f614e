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
     */
    record Battery(String name, boolean onLine, boolean charging, boolean discharging, double remainingFraction) {
    }

    private PowerParser() {
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
     * From OSHI power sources. OSHI reports a placeholder named "Unknown" with no capacity on machines without a
     * battery; that is not a battery.
     */
    static PowerInfo fromOshi(List<Battery> sources) {
        int batteries = 0;
        int percentCount = 0;
        double percentSum = 0;
        boolean onLine = false;
        boolean onBattery = false;
        for (Battery b : sources) {
            boolean placeholder = (b.name() == null || b.name().isBlank() || "unknown".equals(lower(b.name())))
                    && b.remainingFraction() <= 0;
            if (placeholder) {
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
        PowerSource source = batteries == 0 ? PowerSource.UNKNOWN
                : onLine ? PowerSource.AC : onBattery ? PowerSource.BATTERY : PowerSource.UNKNOWN;
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
