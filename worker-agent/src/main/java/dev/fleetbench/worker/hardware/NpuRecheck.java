package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.NpuInfo;
import dev.fleetbench.common.model.OsFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Asks Windows for its NPUs again, later in the worker's life, when the query timed out at start. The profile is
 * probed once when the worker starts, and the first PowerShell after a cold boot of a Copilot+ PC can take longer
 * than the query's limit (twice): without this, one slow boot made the machine an NPU-less, GPU- or CPU-class
 * worker until it was restarted. The later queries wait 1, 2, 4, 8 and 16 minutes (five, about half an hour in all;
 * a machine whose PowerShell never answers stops being asked). The first that answers ends the rechecks; when it
 * lists an NPU, the profile with it goes to {@code found}, which registers the worker again so that its class
 * changes. Only timeouts are asked again: a missing PowerShell or a failing script will not answer later either.
 * Thread-safe: each query runs on the scheduler's thread, one after the other.
 */
public final class NpuRecheck {

    /** The waits before each later query, from the end of the one before. */
    public static final List<Duration> DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(16));

    /** Runs a task after a delay; the real one is a daemon thread, tests run the tasks themselves. */
    @FunctionalInterface
    public interface Scheduler {
        void after(Duration delay, Runnable task);

        /** A daemon thread of its own, so that a pending recheck never keeps the JVM alive. */
        static Scheduler daemon() {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fleetbench-npu-recheck");
                t.setDaemon(true);
                return t;
            });
            return (delay, task) -> timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private final ProbeContext context;
    private final Scheduler scheduler;
    private final Consumer<HardwareProfile> found;
    private final Consumer<String> log;
    private final HardwareProfile start;

    NpuRecheck(ProbeContext context, HardwareProfile start, Scheduler scheduler, Consumer<HardwareProfile> found,
               Consumer<String> log) {
        this.context = Objects.requireNonNull(context, "context");
        this.start = Objects.requireNonNull(start, "start");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.found = Objects.requireNonNull(found, "found");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Starts the rechecks of this machine when its profile's NPU query timed out; does nothing otherwise.
     *
     * @param profile the profile probed at start (on this machine)
     * @param found   gets the profile with the NPUs a later query listed, on the scheduler's thread
     * @param log     gets one line per later query, for the worker's log
     * @return true when rechecks were scheduled
     */
    public static boolean startIfTimedOut(HardwareProfile profile, Scheduler scheduler, Consumer<HardwareProfile> found,
                                          Consumer<String> log) {
        return new NpuRecheck(ProbeContext.system(), profile, scheduler, found, log).start();
    }

    /** True when the Windows NPU query of this profile timed out and so listed nothing. */
    static boolean timedOut(HardwareProfile p) {
        return p.os().family() == OsFamily.WINDOWS && p.npus().isEmpty()
                && p.notes().stream().anyMatch(n -> n.startsWith(NpuReader.UNAVAILABLE + "timed out"));
    }

    /** Schedules the first later query when this profile needs it. */
    boolean start() {
        if (context.family() != OsFamily.WINDOWS || !timedOut(start)) {
            return false;
        }
        scheduler.after(DELAYS.get(0), () -> ask(0));
        return true;
    }

    private void ask(int attempt) {
        CommandResult r;
        try {
            r = NpuReader.windowsQuery(context, ProbeContext.POWERSHELL_TIMEOUT.multipliedBy(2));
        } catch (RuntimeException e) {
            r = CommandResult.failed(List.of("powershell"), e.toString());
        }
        String when = "NPU query " + (attempt + 1) + " of " + DELAYS.size() + " after the timeout at start";
        if (r.timedOut()) {
            if (attempt + 1 < DELAYS.size()) {
                log.accept(when + " " + r.problem() + "; asking again in " + DELAYS.get(attempt + 1).toMinutes()
                        + " min");
                scheduler.after(DELAYS.get(attempt + 1), () -> ask(attempt + 1));
            } else {
                log.accept(when + " " + r.problem() + "; not asking again (the profile keeps no NPU)");
            }
            return;
        }
        if (!r.ok()) {
            log.accept(when + " failed (" + r.problem() + "); not asking again");
            return;
        }
        List<NpuInfo> npus = WindowsPnpParser.parse(r.stdout());
        if (npus.isEmpty()) {
            log.accept(when + " answered: this machine has no NPU");
            return;
        }
        log.accept(when + " found " + npus.size() + " NPU(s); registering again with them");
        found.accept(withNpus(start, npus, attempt));
    }

    /** The profile with these NPUs, its notes saying when they were found instead of that the query timed out. */
    static HardwareProfile withNpus(HardwareProfile p, List<NpuInfo> npus, int attempt) {
        List<String> notes = new ArrayList<>();
        for (String n : p.notes()) {
            if (!n.startsWith("NPU list")) {
                notes.add(n);
            }
        }
        Duration after = DELAYS.subList(0, attempt + 1).stream().reduce(Duration.ZERO, Duration::plus);
        notes.add("NPU list: the PowerShell PnP query timed out at start; listed by a later query about "
                + after.toMinutes() + " min after start");
        return new HardwareProfile(p.machineId(), p.hostname(), p.os(), p.cpu(), p.memory(), p.gpus(), npus, p.power(),
                notes, p.memoryBandwidth());
    }
}
