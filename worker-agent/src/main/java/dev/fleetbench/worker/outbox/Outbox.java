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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The worker's durable queue of samples not yet acknowledged by the coordinator (architecture.md §3, exactly-once
 * from at-least-once). A sample is on disk before {@link #append} returns (one file per sample, written to a temporary
 * name, forced to disk, then renamed, so a crash leaves either the whole sample or nothing) and leaves only when the
 * coordinator acknowledged it. After a restart the files are read back in order and sent again; the coordinator
 * ignores those it already has. Thread-safe.
 */
public final class Outbox {

    private static final String SUFFIX = ".json";

    private final Path dir;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long nextSeq;

    private record Entry(String file, Sample sample) {
    }

    private Outbox(Path dir) {
        this.dir = dir;
    }

    /** The folder that holds the outbox. */
    public Path dir() {
        return dir;
    }

    /** Opens (creating if needed) the outbox in a folder and loads what a previous run left there. */
    public static Outbox open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Outbox box = new Outbox(dir);
        box.load();
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
                entries.put(s.id(), new Entry(f.getKey(), s));
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

    /** Stores the sample durably; it stays until {@link #remove} is called with its id. */
    public synchronized void append(Sample s) throws IOException {
        if (!Ids.Shape.ID.matches(s.id())) {
            throw new IllegalArgumentException("sample id '" + s.id() + "' is not a safe file name");
        }
        if (entries.containsKey(s.id())) {
            return;
        }
        String name = String.format("%019d-%s%s", nextSeq++, s.id(), SUFFIX);
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(Json.write(s).getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
        entries.put(s.id(), new Entry(name, s));
    }

    /** The oldest samples, up to {@code max}, in the order they were appended. */
    public synchronized List<Sample> peek(int max) {
        List<Sample> out = new ArrayList<>(Math.min(max, entries.size()));
        for (Entry e : entries.values()) {
            if (out.size() == max) {
                break;
            }
            out.add(e.sample());
        }
        return out;
    }

    /** Forgets acknowledged samples (and deletes their files). Unknown ids are ignored. */
    public synchronized void remove(Collection<String> sampleIds) throws IOException {
        for (String id : sampleIds) {
            Entry e = entries.remove(id);
            if (e != null) {
                Files.deleteIfExists(dir.resolve(e.file()));
            }
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Samples of one lease still waiting for an acknowledgement. */
    public synchronized int pendingFor(String leaseId) {
        return (int) entries.values().stream().filter(e -> leaseId.equals(e.sample().leaseId())).count();
    }

    /** Files that could not be read at open (moved aside, never silently dropped). */
    public synchronized List<String> problems() {
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
