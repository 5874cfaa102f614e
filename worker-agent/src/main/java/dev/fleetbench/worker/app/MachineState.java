package dev.fleetbench.worker.app;

import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.worker.hardware.PowerProbe;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * What lab gating asks every heartbeat: is the machine idle, and is it on AC power? Read on a daemon thread every
 * few seconds (never on the event loop). "Idle" means the other processes together used less than
 * {@link #BUSY_SHARE} of the CPU over the last half minute: a portable stand-in for "nobody is using this PC" that
 * needs no desktop-session access (input idle time cannot be read by a service on every OS). Power is read by the
 * same rules as the hardware profile ({@link PowerProbe}): a machine without a battery is on AC, including a Windows
 * desktop for which OSHI reports a "System Battery" stand-in that is not on line.
 */
public final class MachineState implements AutoCloseable {

    /** Share of all cores used by other processes above which the machine counts as in use. */
    static final double BUSY_SHARE = 0.15;
    private static final long PERIOD_SECONDS = 3;
    /** Smoothing: half a minute of readings. */
    private static final double ALPHA = PERIOD_SECONDS / 30.0;

    private final SystemInfo si = new SystemInfo();
    private final PowerProbe powerProbe = PowerProbe.system();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleetbench-machine-state");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean idle = true;
    private volatile PowerSource power = PowerSource.UNKNOWN;
    private long[] ticks;
    private long ownCpuMs;
    private long lastNanos;
    private double othersShare;

    public MachineState() {
        timer.scheduleAtFixedRate(this::read, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    public boolean userIdle() {
        return idle;
    }

    public PowerSource power() {
        return power;
    }

    private void read() {
        try {
            readPower();
            readLoad();
        } catch (RuntimeException e) {
            // OSHI may fail on an exotic platform; keep the last values rather than stop reading.
        }
    }

    private void readPower() {
        power = powerProbe.read().source();
    }

    private void readLoad() {
        CentralProcessor cpu = si.getHardware().getProcessor();
        OperatingSystem os = si.getOperatingSystem();
        OSProcess self = os.getProcess(os.getProcessId());
        long now = System.nanoTime();
        long ownMs = self == null ? 0 : self.getKernelTime() + self.getUserTime();
        if (ticks != null) {
            double total = cpu.getSystemCpuLoadBetweenTicks(ticks);
            double wallMs = (now - lastNanos) / 1e6;
            double ownShare = wallMs <= 0 ? 0 : (ownMs - ownCpuMs) / wallMs / cpu.getLogicalProcessorCount();
            double others = Math.max(0, total - ownShare);
            othersShare = othersShare == 0 ? others : othersShare + ALPHA * (others - othersShare);
            idle = othersShare < BUSY_SHARE;
        }
        ticks = cpu.getSystemCpuLoadTicks();
        ownCpuMs = ownMs;
        lastNanos = now;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
