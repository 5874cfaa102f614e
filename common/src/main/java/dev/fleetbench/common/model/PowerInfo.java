package dev.fleetbench.common.model;

/**
 * Power state at probe time.
 *
 * @param source         AC, battery or unknown
 * @param hasBattery     true when the machine has a battery (a laptop or tablet)
 * @param batteryPercent remaining charge 0–100; null when there is no battery or it is unknown
 */
public record PowerInfo(PowerSource source, boolean hasBattery, Double batteryPercent) {

    public PowerInfo {
        source = source == null ? PowerSource.UNKNOWN : source;
    }

    /** A desktop on mains, or a machine whose power could not be read. */
    public static PowerInfo unknown() {
        return new PowerInfo(PowerSource.UNKNOWN, false, null);
    }
}
