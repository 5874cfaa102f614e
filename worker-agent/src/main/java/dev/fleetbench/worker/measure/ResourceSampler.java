package dev.fleetbench.worker.measure;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Samples one process's memory and CPU on a daemon thread while a window is open: the engine's peak RSS and CPU
 * during the measured requests (metrics.md, "per lease"). Sampling costs a /proc read every interval, far from the
 * hot path of token timestamps (which never wait for it).
 */
public final class ResourceSampler implements AutoCloseable {

    private final ProcessStatsSource source;
    private final LongSupplier nanoClock;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleetbench-resource-sampler");
        t.setDaemon(true);
        return t;
    });

    public ResourceSampler(ProcessStatsSource source, LongSupplier nanoClock, Duration interval) {
        this.source = source;
        this.nanoClock = nanoClock;
        this.interval = interval;
    }

    /** Opens a window on the process; close it with {@link Window#stop()}. */
    public Window start(long pid) {
        return new Window(pid);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * Starts reading {@code pid}'s CPU time every {@code every} until {@link Trace#stop()}, for the CPU use of one
     * request's decode ({@link DecodeCpu}). At most {@link Trace#MAX_READINGS} readings are kept.
     */
    public Trace trace(long pid, Duration every) {
        return new Trace(pid, every);
    }

    /** The CPU-time readings of one request, and the largest resident memory among them. */
    public final class Trace {
        /** 50 s at 20 ms: a request that decodes longer keeps its first readings only. */
        public static final int MAX_READINGS = 2500;
        private final long pid;
        private final long[] at = new long[MAX_READINGS];
        private final long[] cpu = new long[MAX_READINGS];
        private int count;
        private long peakRss = -1;
        private final ScheduledFuture<?> task;

        private Trace(long pid, Duration every) {
            this.pid = pid;
            read();
            this.task = timer.scheduleAtFixedRate(this::read, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
        }

        private synchronized void read() {
            if (count == MAX_READINGS) {
                return;
            }
            Optional<ProcessStats> s = source.read(pid);
            long now = nanoClock.getAsLong();
            if (s.isPresent()) {
                peakRss = Math.max(peakRss, s.get().rssBytes());
                at[count] = now;
                cpu[count] = s.get().cpuNanos();
                count++;
            }
        }

        /** Stops with a last reading; the CPU use over the timeline's decode, or null when it cannot be told. */
        public Double stop(dev.fleetbench.common.metrics.StreamTimeline timeline) {
            task.cancel(false);
            read();
            synchronized (this) {
                return DecodeCpu.percent(at, cpu, count, timeline);
            }
        }

        /**
         * The largest resident memory of the process among the readings so far (the first at the start, one every
         * interval, the last at {@link #stop}), bytes; null when none could be read. Readings past
         * {@link #MAX_READINGS} are not seen.
         */
        public synchronized Long peakRssBytes() {
            return peakRss < 0 ? null : peakRss;
        }
    }

    /** One measuring window. */
    public final class Window {
        private final long pid;
        private final long startNanos;
        private final Optional<ProcessStats> first;
        private final AtomicLong peakRss = new AtomicLong(-1);
        private final ScheduledFuture<?> task;

        private Window(long pid) {
            this.pid = pid;
            this.first = source.read(pid);
            this.startNanos = nanoClock.getAsLong();
            first.ifPresent(s -> peakRss.set(s.rssBytes()));
            this.task = timer.scheduleAtFixedRate(this::sample, interval.toNanos(), interval.toNanos(),
                    TimeUnit.NANOSECONDS);
        }

        private void sample() {
            source.read(pid).ifPresent(s -> peakRss.accumulateAndGet(s.rssBytes(), Math::max));
        }

        /** Closes the window with a last reading and returns what it saw. */
        public ResourceUsage stop() {
            task.cancel(false);
            Optional<ProcessStats> last = source.read(pid);
            long elapsed = nanoClock.getAsLong() - startNanos;
            last.ifPresent(s -> peakRss.accumulateAndGet(s.rssBytes(), Math::max));
            Long peak = peakRss.get() < 0 ? null : peakRss.get();
            Double cpu = null;
            if (first.isPresent() && last.isPresent() && elapsed > 0) {
                cpu = 100.0 * (last.get().cpuNanos() - first.get().cpuNanos()) / elapsed;
            }
            return new ResourceUsage(peak, cpu);
        }
    }
}
