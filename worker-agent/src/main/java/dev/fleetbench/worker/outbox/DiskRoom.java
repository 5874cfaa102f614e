package dev.fleetbench.worker.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether the disk that holds the outbox has room for another lease's results. A worker whose disk is nearly full
 * takes no work (the samples it measured could not be kept durably) and says why, until space is freed.
 */
public final class DiskRoom {

    /** Free space below which the worker takes no work: far more than a lease's samples, a margin for the system. */
    public static final long DEFAULT_MIN_FREE_BYTES = 64L * 1024 * 1024;

    /** Usable bytes on the disk, or an error; a seam for tests. */
    @FunctionalInterface
    public interface Probe {
        long usableBytes() throws IOException;
    }

    private final Path dir;
    private final long minFreeBytes;
    private final Probe probe;

    public DiskRoom(Path dir, long minFreeBytes, Probe probe) {
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("the free space to keep must not be negative, got " + minFreeBytes);
        }
        this.dir = dir;
        this.minFreeBytes = minFreeBytes;
        this.probe = probe;
    }

    /** The disk that holds {@code dir}, with the default margin. */
    public static DiskRoom of(Path dir) {
        return new DiskRoom(dir, DEFAULT_MIN_FREE_BYTES, () -> Files.getFileStore(dir).getUsableSpace());
    }

    /** Why no work should be taken now, or null when there is room. */
    public String shortage() {
        long usable;
        try {
            usable = probe.usableBytes();
        } catch (IOException | RuntimeException e) {
            return "cannot tell the free space on the disk of " + dir + " (" + e.getMessage() + "): taking no work";
        }
        if (usable >= minFreeBytes) {
            return null;
        }
        return String.format(Locale.ROOT, "disk nearly full: %s free on the disk of %s, at least %s needed to keep "
                + "results safely; taking no work until space is freed", mib(usable), dir, mib(minFreeBytes));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
