package dev.fleetbench.worker.hardware;

import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.MemoryBandwidth;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the memory bandwidth of this machine once, when the agent starts: a few passes of a parallel copy between
 * two off-heap buffers each larger than any last-level cache (128 MiB each, less where free memory or the JVM's
 * direct-memory limit is small), best pass kept, bytes read plus bytes written counted (STREAM's "copy"). It takes
 * well under two seconds: at most {@value #MAX_PASSES} passes and none started after {@value #BUDGET_MS} ms.
 *
 * <p>Hand-written because no library on the project's class path measures it: OSHI reports memory sizes and speeds
 * from the SPD/SMBIOS tables (a datasheet figure, not what the cores get), JMH is a harness for benchmarks run as
 * programs, and STREAM is a C program. The copy itself is the JDK's: {@link ByteBuffer#put(ByteBuffer)} between
 * direct buffers is a native memory copy, so the figure does not depend on how far the JIT has compiled this class
 * (test JVMs stop at C1).
 *
 * <p>Never throws: a machine where the buffers cannot be had (too little free memory, a small direct-memory limit)
 * gets no measurement, and the reason. Blocking; call it on a worker thread.
 */
public final class MemoryBandwidthProbe {

    /** Bytes of each of the two buffers at most: 4 × a 32 MiB last-level cache, twice the largest common ones. */
    public static final long MAX_BUFFER_BYTES = 128L << 20;
    /** Below this a buffer fits in some caches, and the figure would be the cache's, not the memory's. */
    public static final long MIN_BUFFER_BYTES = 32L << 20;
    public static final int MAX_PASSES = 6;
    public static final int MIN_PASSES = 2;
    /** No pass starts after this long (allocation included). */
    public static final long BUDGET_MS = 1200;

    private MemoryBandwidthProbe() {
    }

    /** What the probe found: a measurement, or why there is none. */
    public record Result(MemoryBandwidth bandwidth, String problem) {

        public Optional<MemoryBandwidth> measured() {
            return Optional.ofNullable(bandwidth);
        }
    }

    /**
     * The profile with this machine's bandwidth measured now, or, where it could not be, with the reason among its
     * notes. Never throws.
     */
    public static HardwareProfile addTo(HardwareProfile p) {
        Result r = measure(p.memory().availableBytes());
        if (r.bandwidth() != null) {
            return p.withMemoryBandwidth(r.bandwidth());
        }
        List<String> notes = new ArrayList<>(p.notes());
        notes.add(r.problem());
        return new HardwareProfile(p.machineId(), p.hostname(), p.os(), p.cpu(), p.memory(), p.gpus(), p.npus(),
                p.power(), notes, null);
    }

    /** Measures this machine, sized by the memory the hardware probe saw free (0: unknown). Never throws. */
    public static Result measure(long availableBytes) {
        int threads = Math.max(1, Math.min(16, Runtime.getRuntime().availableProcessors()));
        return measure(bufferBytes(availableBytes, directMemoryLimit()), threads, MAX_PASSES, BUDGET_MS);
    }

    /**
     * Size of each buffer: {@link #MAX_BUFFER_BYTES}, but at most an eighth of the free memory (both buffers then take
     * a quarter) and a quarter of the JVM's direct-memory limit, in whole MiB; 0 when that is under
     * {@link #MIN_BUFFER_BYTES}.
     *
     * @param availableBytes memory free for new processes, 0 when unknown (then only the JVM's limit counts)
     * @param directLimit    the JVM's direct-memory limit in bytes
     */
    public static long bufferBytes(long availableBytes, long directLimit) {
        long size = Math.min(MAX_BUFFER_BYTES, directLimit / 4);
        if (availableBytes > 0) {
            size = Math.min(size, availableBytes / 8);
        }
        size = size >> 20 << 20;
        return size < MIN_BUFFER_BYTES ? 0 : size;
    }

    /** GB/s (10^9 bytes per second) of a pass that moved {@code bytes} in {@code nanos}. */
    public static double gbPerSecond(long bytes, long nanos) {
        return nanos <= 0 ? Double.NaN : bytes / (double) nanos;
    }

    /**
     * Runs the probe with these settings (tests use small buffers). Never throws.
     *
     * @param bufferBytes size of each buffer; 0 measures nothing
     */
    static Result measure(long bufferBytes, int threads, int maxPasses, long budgetMs) {
        if (bufferBytes <= 0) {
            return new Result(null, "memory bandwidth not measured: less than " + 2 * (MIN_BUFFER_BYTES >> 20)
                    + " MiB of memory could be set aside for the probe");
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fleetbench-bandwidth-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            // allocateDirect zeroes both buffers, so every page is mapped before the first timed pass
            ByteBuffer src = ByteBuffer.allocateDirect((int) bufferBytes);
            ByteBuffer dst = ByteBuffer.allocateDirect((int) bufferBytes);
            List<Callable<Void>> slices = slices(src, dst, threads);
            double best = 0;
            int passes = 0;
            while (passes < maxPasses && (passes < MIN_PASSES || (System.nanoTime() - start) / 1_000_000 < budgetMs)) {
                long t0 = System.nanoTime();
                for (Future<Void> f : pool.invokeAll(slices)) {
                    f.get();
                }
                best = Math.max(best, gbPerSecond(2 * bufferBytes, System.nanoTime() - t0));
                passes++;
            }
            double ms = (System.nanoTime() - start) / 1e6;
            String method = String.format(Locale.ROOT, "parallel copy between two %d MiB off-heap buffers, %d thread%s,"
                    + " best of %d passes, bytes read + written", bufferBytes >> 20, threads, threads == 1 ? "" : "s",
                    passes);
            return new Result(new MemoryBandwidth(best, method, bufferBytes, passes, threads, ms), null);
        } catch (OutOfMemoryError e) {
            return new Result(null, "memory bandwidth not measured: two buffers of " + (bufferBytes >> 20)
                    + " MiB could not be had (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "memory bandwidth not measured: interrupted");
        } catch (Exception | LinkageError e) {
            return new Result(null, "memory bandwidth not measured: " + e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One task per thread, each copying its own contiguous slice of the source into the destination. */
    private static List<Callable<Void>> slices(ByteBuffer src, ByteBuffer dst, int threads) {
        int size = src.capacity();
        List<Callable<Void>> out = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            int from = (int) ((long) size * i / threads);
            int to = (int) ((long) size * (i + 1) / threads);
            ByteBuffer s = src.slice(from, to - from);
            ByteBuffer d = dst.slice(from, to - from);
            out.add(() -> {
                d.clear().put(s.clear());
                return null;
            });
        }
        return out;
    }

    /** The JVM's direct-memory limit: -XX:MaxDirectMemorySize when set, else the heap's maximum (the JDK's default). */
    static long directMemoryLimit() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long set = Long.parseLong(bean.getVMOption("MaxDirectMemorySize").getValue());
            if (set > 0) {
                return set;
            }
        } catch (RuntimeException | LinkageError e) {
            // not a HotSpot JVM: the default below is the JDK's own
        }
        return Runtime.getRuntime().maxMemory();
    }
}
