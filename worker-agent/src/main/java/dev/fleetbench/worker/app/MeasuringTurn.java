package dev.fleetbench.worker.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Worker agents that share one machine (the demo's fleet) measure one at a time: a lease measures only while its
 * agent holds a lock on a file they share. Two agents measuring at once on one machine measure each other (a
 * stories260K answer lasts about 16 ms, and both workers' answers then share caches, memory and the coordinator's
 * core): two demo runs on a quiet 2-core machine disagreed by 21 % on stories260K's decode rate that way. A real
 * fleet has one agent per machine and does not need this.
 *
 * <p>The lock is an operating-system file lock, so it holds across processes and is released when a process dies.
 * Waiting polls, so that a lease cancelled while it waits stops waiting. Agents in one JVM (tests) share it too: the
 * JVM reports another holder in the same process as an overlapping lock, which is waited on in the same way.
 */
public final class MeasuringTurn {

    /** How often a waiting agent tries again. */
    static final Duration POLL = Duration.ofMillis(20);

    private final Path file;

    private MeasuringTurn(Path file) {
        this.file = file;
    }

    /** Turns taken on {@code file} (created if missing). */
    public static MeasuringTurn sharedThrough(Path file) {
        return new MeasuringTurn(file.toAbsolutePath());
    }

    public Path file() {
        return file;
    }

    /** A turn held until closed. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for the turn.
     *
     * @return the held turn, or null when {@code cancelled} said so while waiting
     */
    public Held await(BooleanSupplier cancelled) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the measuring-turn file " + file + ": " + e.getMessage(), e);
        }
        try {
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return () -> closeQuietly(channel);
                }
                if (cancelled.getAsBoolean()) {
                    closeQuietly(channel);
                    return null;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(channel);
            return null;
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private FileLock tryLock(FileChannel channel) {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by another agent in this JVM
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the measuring-turn file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closing the channel releases its lock. */
    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the channel; nothing else to release
        }
    }
}
