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
 * <p>Thread-safe, and its readers ({@link #size}, {@link #peek}, {@link #pendingFor}) never wait: the event loop
 * calls them every heartbeat, while {@link #append} (on the measuring thread) may wait for a slow disk to flush.
 * Writers take turns with each other only, doing their file work before a sample becomes visible to readers (or after
 * it stopped being visible), and readers read concurrent structures that are never locked.
 */
public final class Outbox {

    private static final String SUFFIX = ".json";

    private final Path dir;
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

    private Outbox(Path dir, Flush flush) {
        this.dir = dir;
        this.flush = flush;
    }

    /** The folder that holds the outbox. */
    public Path dir() {
        return dir;
    }

    /** Opens (creating if needed) the outbox in a folder and loads what a previous run left there. */
    public static Outbox open(Path dir) throws IOException {
        return open(dir, Flush.FORCE);
    }

    /** As {@link #open(Path)}, with the way a file is forced to disk given (tests: a slow disk). */
    public static Outbox open(Path dir, Flush flush) throws IOException {
        Files.createDirectories(dir);
        Outbox box = new Outbox(dir, flush);
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
     */
    public void append(Sample s) throws IOException {
        if (!Ids.Shape.ID.matches(s.id())) {
            throw new IllegalArgumentException("sample id '" + s.id() + "' is not a safe file name");
        }
        synchronized (writeLock) {
            if (seqById.containsKey(s.id())) {
                return;
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
        }
    }

    /** Samples waiting for an acknowledgement. Never waits for a writer. */
    public int size() {
        return seqById.size();
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
