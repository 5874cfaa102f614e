package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.OsFamily;
import dev.fleetbench.common.model.PowerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * Reads the power state now, by the same rules as the hardware profile ({@link PowerReader}, {@link PowerParser}):
 * for the heartbeat's lab gating and for the power source stored in every sample's fingerprint, so a laptop
 * unplugged during a campaign is recorded as on battery from that moment. Never throws (unknown is a value);
 * blocking for a few milliseconds (sysfs on Linux, OSHI's battery queries elsewhere), so call it off the event loop.
 * Thread-safe.
 */
public final class PowerProbe {

    private final ProbeContext context;
    private final Supplier<List<PowerParser.Battery>> oshi;

    PowerProbe(ProbeContext context, Supplier<List<PowerParser.Battery>> oshi) {
        this.context = Objects.requireNonNull(context, "context");
        this.oshi = Objects.requireNonNull(oshi, "oshi");
    }

    /** The machine this JVM runs on. */
    public static PowerProbe system() {
        return new PowerProbe(ProbeContext.system(), new Supplier<>() {
            private HardwareAbstractionLayer hal;

            @Override
            public synchronized List<PowerParser.Battery> get() {
                if (hal == null) {
                    hal = new SystemInfo().getHardware();
                }
                return OshiReader.batteries(hal);
            }
        });
    }

    /** The power state now; {@link PowerInfo#unknown()} when it cannot be read. */
    public PowerInfo read() {
        try {
            List<PowerParser.Battery> sources = context.family() == OsFamily.LINUX ? null : oshi.get();
            return PowerReader.read(context, sources, new ArrayList<>());
        } catch (RuntimeException | LinkageError e) {
            // OSHI's native access can fail on an exotic platform: unknown, and the next reading tries again
            return PowerInfo.unknown();
        }
    }
}
