package dev.fleetbench.worker.outbox;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Ids;
import dev.fleetbench.common.model.Sample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The worker's durable queue of samples not yet acknowledged by the coordinator (architecture.md §3, exactly-once
 * from at-least-once). A sample is on disk before {@link #append} returns (one file per sample, written to a temporary
 * name, forced to disk, then renamed, so a crash leaves either the whole sample or nothing) and leaves only when the
 * coordinator acknowledged it. After a restart the files are read back in order and sent again; the coordinator
 * ignores those it already has.
 *
 * <p>Its size is bounded ({@link #DEFAULT_MAX_SAMPLES}, or the limit given to {@link #open(Path, int)}): while the
 * coordinator cannot be reached or cannot store, the worker measures into the outbox only up to the limit. The sample
 * beyond it is refused by {@link #append} with an {@link OutboxFullException} that says so, or waits in
 * {@link #appendWhenRoom} (the agent's way: measuring pauses, and the agent reports {@link #fullReport()} in its
 * heartbeats and log, until the coordinator has taken some samples).
 *
 * <p>Thread-safe, and its readers ({@link #size}, {@link #peek}, {@link #pendingFor}) never wait: the event loop
 * calls them every heartbeat, while {@link #append} (on the measuring thread) may wait for a slow disk to flush.
 * Writers take turns with each other only, doing their file work before a sample becomes visible to readers (or after
 * it stopped being visible), and readers read concurrent structures that are never locked.
 */
public final class Outbox {

    /**
     * Samples kept at most: several nights of one machine's results (a sample is 1-4 KB on disk, so about 200 MB at
     * most), far below what a worker's disk holds, so that a coordinator away for days cannot fill it.
     */
    public static final int DEFAULT_MAX_SAMPLES = 50_000;

    private static final String SUFFIX = ".json";

    private final Path dir;
    private final int maxSamples;
    private final Flush flush;
    /** Writers ({@link #append}, {@link #remove}) take turns on this; readers never do. */
    private final Object writeLock = new Object();
    /** The samples in the order they were appended, by sequence number. */
    private final ConcurrentSkipListMap<Long, Entry> entries = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, Long> seqById = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> pendingByLease = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    /** Guarded by {@link #writeLock}. */
    private long nextSeq;

    private record Entry(String file, Sample sample) {
    }

    /** Forces a written file to the disk; a seam for tests (a slow disk). */
    @FunctionalInterface
    public interface Flush {
        Flush FORCE = ch -> ch.force(true);

        void force(FileChannel channel) throws IOException;
    }

    private Outbox(Path dir, int maxSamples, Flush flush) {
        if (maxSamples < 1) {
            throw new IllegalArgumentException("the outbox's limit must be at least 1 sample, got " + maxSamples);
        }
        this.dir = dir;
        this.maxSamples = maxSamples;
        this.flush = flush;
    }

    /** A full outbox: the sample was not kept. */
    public static final class OutboxFullException extends IOException {
        private static final long serialVersionUID = 1L;

        OutboxFullException(String message) {
            super(message);
        }
    }

    /** The folder that holds the outbox. */
    public Path dir() {
        return dir;
    }

    /** Opens (creating if needed) the outbox in a folder and loads what a previous run left there. */
    public static Outbox open(Path dir) throws IOException {
        return open(dir, DEFAULT_MAX_SAMPLES, Flush.FORCE);
    }

    /**
     * As {@link #open(Path)}, keeping at most {@code maxSamples} samples (what a previous run left is loaded whole,
     * even beyond the limit: those samples were measured and promised to be kept).
     */
    public static Outbox open(Path dir, int maxSamples) throws IOException {
        return open(dir, maxSamples, Flush.FORCE);
    }

    /** As {@link #open(Path)}, with the way a file is forced to disk given (tests: a slow disk). */
    public static Outbox open(Path dir, Flush flush) throws IOException {
        return open(dir, DEFAULT_MAX_SAMPLES, flush);
    }

    /** As {@link #open(Path, int)}, with the way a file is forced to disk given. */
    public static Outbox open(Path dir, int maxSamples, Flush flush) throws IOException {
        Outbox box = new Outbox(dir, maxSamples, flush);
        Files.createDirectories(dir);
        synchronized (box.writeLock) {
            box.load();
        }
        return box;
    }

    private void load() throws IOException {
        TreeMap<String, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(SUFFIX + ".tmp")) {
                    String finalName = name.substring(0, name.length() - ".tmp".length());
                    recover(p, finalName).ifPresent(f -> files.put(f, dir.resolve(f)));
                } else if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                } else if (name.endsWith(SUFFIX)) {
                    files.put(name, p);
                }
            }
        }
        for (Map.Entry<String, Path> f : files.entrySet()) {
            try {
                Sample s = Json.read(Files.readString(f.getValue(), StandardCharsets.UTF_8), Sample.class);
                publish(Long.parseLong(f.getKey().substring(0, 19)), new Entry(f.getKey(), s));
            } catch (IllegalArgumentException | IOException e) {
                Path quarantine = Files.createDirectories(dir.resolve("unreadable"));
                Files.move(f.getValue(), quarantine.resolve(f.getKey()), StandardCopyOption.REPLACE_EXISTING);
                problems.add(f.getKey() + " could not be read (" + e.getMessage() + "); moved to " + quarantine);
            }
            nextSeq = Math.max(nextSeq, Long.parseLong(f.getKey().substring(0, 19)) + 1);
        }
    }

    /**
     * A temporary file left by a power loss or crash. Its data may well be complete and on disk: the rename that
     * follows the flush is what was lost (Windows cannot flush a folder, so a rename is not durable at once). A
     * complete sample is moved to its final name and kept; a half-written one never got past {@link #append}, so
     * no one was told it was stored, and it is deleted.
     *
     * @return the final file name when the sample was recovered
     */
    private Optional<String> recover(Path tmp, String finalName) throws IOException {
        Path target = dir.resolve(finalName);
        if (Files.exists(target)) {
            Files.deleteIfExists(tmp); // the rename did happen; this is a leftover copy
            return Optional.empty();
        }
        try {
            Json.read(Files.readString(tmp, StandardCharsets.UTF_8), Sample.class);
        } catch (IllegalArgumentException | IOException incomplete) {
            Files.deleteIfExists(tmp);
            return Optional.empty();
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        return Optional.of(finalName);
    }

    /**
     * Stores the sample durably; it stays until {@link #remove} is called with its id. Blocks for the disk (never call
     * it on an event loop); readers do not wait for it, and see the sample once it is on disk.
     *
     * @throws OutboxFullException when the outbox already holds its limit (the sample is not kept)
     */
    public void append(Sample s) throws IOException {
        if (!Ids.Shape.ID.matches(s.id())) {
            throw new IllegalArgumentException("sample id '" + s.id() + "' is not a safe file name");
        }
        synchronized (writeLock) {
            if (seqById.containsKey(s.id())) {
                return;
            }
            if (seqById.size() >= maxSamples) {
                throw new OutboxFullException(fullReport());
            }
            long seq = nextSeq++;
            String name = String.format("%019d-%s%s", seq, s.id(), SUFFIX);
            Path tmp = dir.resolve(name + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(Json.write(s).getBytes(StandardCharsets.UTF_8)));
                flush.force(ch);
            }
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory();
            publish(seq, new Entry(name, s));
        }
    }

    /**
     * As {@link #append}, but a full outbox makes the caller (the measuring thread, between two requests) wait until
     * the coordinator has taken some samples, so that measuring pauses instead of losing work. Readers never wait for
     * it: the wait releases the writers' lock.
     *
     * @param onFull    told once, with {@link #fullReport()}, when the wait begins
     * @param abandoned checked every second while waiting; true ends the wait with an {@link OutboxFullException}
     */
    public void appendWhenRoom(Sample s, java.util.function.Consumer<String> onFull,
                               java.util.function.BooleanSupplier abandoned) throws IOException {
        synchronized (writeLock) {
            if (seqById.size() >= maxSamples && !seqById.containsKey(s.id())) {
                onFull.accept(fullReport());
                while (seqById.size() >= maxSamples) {
                    if (abandoned.getAsBoolean()) {
                        throw new OutboxFullException(fullReport());
                    }
                    try {
                        writeLock.wait(1_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new OutboxFullException(fullReport() + " (interrupted while waiting for room)");
                    }
                }
            }
            append(s);
        }
    }

    /** Makes a durable sample visible to readers (a later file of the same sample replaces the earlier). */
    private void publish(long seq, Entry e) {
        entries.put(seq, e);
        count(e, 1);
        Long earlier = seqById.put(e.sample().id(), seq);
        if (earlier != null) {
            count(entries.remove(earlier), -1);
        }
    }

    private void count(Entry e, int delta) {
        if (e != null && e.sample().leaseId() != null) {
            pendingByLease.merge(e.sample().leaseId(), delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    /** The oldest samples, up to {@code max}, in the order they were appended. Never waits for a writer. */
    public List<Sample> peek(int max) {
        List<Sample> out = new ArrayList<>(Math.min(max, 256));
        for (Entry e : entries.values()) {
            if (out.size() >= max) {
                break;
            }
            out.add(e.sample());
        }
        return out;
    }

    /**
     * Forgets acknowledged samples (and deletes their files). Unknown ids are ignored. Blocks for the disk (never call
     * it on an event loop); a removed sample is gone for readers before its file is deleted.
     */
    public void remove(Collection<String> sampleIds) throws IOException {
        synchronized (writeLock) {
            for (String id : sampleIds) {
                Long seq = seqById.remove(id);
                Entry e = seq == null ? null : entries.remove(seq);
                if (e != null) {
                    count(e, -1);
                    Files.deleteIfExists(dir.resolve(e.file()));
                }
            }
            writeLock.notifyAll();
        }
    }

    /** Samples waiting for an acknowledgement. Never waits for a writer. */
    public int size() {
        return seqById.size();
    }

    /** The most samples this outbox keeps. */
    public int maxSamples() {
        return maxSamples;
    }

    /** True when the next new sample would be refused. Never waits for a writer. */
    public boolean isFull() {
        return size() >= maxSamples;
    }

    /** What a full outbox means for the operator, or null while there is room. Never waits for a writer. */
    public String fullReport() {
        int n = size();
        if (n < maxSamples) {
            return null;
        }
        return "outbox full: " + n + " samples await the coordinator's acknowledgement (limit " + maxSamples
                + "); measuring waits until the coordinator has taken some";
    }

    /** Samples of one lease still waiting for an acknowledgement. Never waits for a writer. */
    public int pendingFor(String leaseId) {
        return pendingByLease.getOrDefault(leaseId, 0);
    }

    /** Files that could not be read at open (moved aside, never silently dropped). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Makes the rename itself durable where the OS allows opening a folder (not on Windows). */
    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; NTFS journals the rename itself.
        }
    }
}
