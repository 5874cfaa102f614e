package dev.fleetbench.worker.energy;

import dev.fleetbench.common.model.OsFamily;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Chooses the energy counter for a lease: Linux RAPL where readable (below a root that tests point at a captured
 * fixture), on Windows the Energy Meter Interface's RAPL package and DRAM channels where a driver exposes them
 * ({@link EmiMeter}), else the battery while the machine runs on battery, else none. Chosen again for every lease, as
 * a laptop may be unplugged between leases. Thread-safe.
 */
public final class EnergyMeters {

    private final OsFamily family;
    private final Path root;
    private final Supplier<List<BatteryMeter.Rate>> batteries;
    private final Supplier<List<EmiChannels.Channel>> emi;
    private volatile String lastReason = "not chosen yet";

    /** A machine without Energy Meter Interface channels. */
    public EnergyMeters(OsFamily family, Path root, Supplier<List<BatteryMeter.Rate>> batteries) {
        this(family, root, batteries, List::of);
    }

    /** @param emi the Energy Meter Interface channels now (read on Windows only) */
    public EnergyMeters(OsFamily family, Path root, Supplier<List<BatteryMeter.Rate>> batteries,
                        Supplier<List<EmiChannels.Channel>> emi) {
        this.family = Objects.requireNonNull(family, "family");
        this.root = Objects.requireNonNull(root, "root");
        this.batteries = Objects.requireNonNull(batteries, "batteries");
        this.emi = Objects.requireNonNull(emi, "emi");
    }

    /** No counter at all (tests and engines measured elsewhere). */
    public static EnergyMeters none() {
        return new EnergyMeters(OsFamily.OTHER, Path.of("/nonexistent-root"), List::of);
    }

    /** The machine this JVM runs on: sysfs below {@code /}, batteries through OSHI (queried lazily). */
    public static EnergyMeters system() {
        OsFamily family = OsFamily.parse(System.getProperty("os.name"));
        Supplier<List<EmiChannels.Channel>> emi = family == OsFamily.WINDOWS ? new WindowsEnergyCounters() : List::of;
        return new EnergyMeters(family, Path.of("/"), new Supplier<>() {
            private oshi.hardware.HardwareAbstractionLayer hal;

            @Override
            public synchronized List<BatteryMeter.Rate> get() {
                if (hal == null) {
                    hal = new oshi.SystemInfo().getHardware();
                }
                return hal.getPowerSources().stream()
                        .map(p -> new BatteryMeter.Rate(p.getName(), p.isDischarging(), p.getPowerUsageRate()))
                        .toList();
            }
        }, emi);
    }

    /** The counter to read during the next lease; null when the machine offers none now ({@link #reason} says why). */
    public EnergyMeter choose() {
        StringBuilder why = new StringBuilder();
        if (family == OsFamily.LINUX) {
            RaplMeter.Opened rapl = RaplMeter.open(root);
            if (rapl.meter() != null) {
                lastReason = null;
                return rapl.meter();
            }
            why.append(rapl.reason()).append("; ");
        } else if (family == OsFamily.WINDOWS) {
            EmiMeter.Opened meter = EmiMeter.open(emi);
            if (meter.meter() != null) {
                lastReason = null;
                return meter.meter();
            }
            why.append(meter.reason()).append("; ");
        }
        BatteryMeter battery = new BatteryMeter(batteries);
        if (battery.read(0) != null) {
            lastReason = null;
            return battery;
        }
        why.append("not running on battery");
        lastReason = why.toString();
        return null;
    }

    /** Why the last {@link #choose} found no counter; null when it found one. */
    public String reason() {
        return lastReason;
    }
}
