package dev.fleetbench.worker.gguf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;

/**
 * The folder of GGUF models of the embedded engine (default {@code ~/.fleetbench/models}). It installs the bundled
 * stories260K from the classpath on first use (with its license next to it) and generates synthetic presets on
 * request. Files appear atomically: a model is written to a hidden {@code .part} file whose name is unique to the
 * writing process and call, and moved into place, so a crash never leaves a half-written {@code .gguf}.
 *
 * <p>Several processes share one folder (the demo's workers, {@code bench} beside a worker), so there is one writer
 * at a time: writes hold an exclusive lock on {@code .lock} in the folder (and a lock per folder within this JVM,
 * because file locks are per process), and a model another process made while this one waited is used, not made
 * again. That matters on Windows, where a model file cannot be replaced while another process has it open.
 * Thread-safe.
 */
public final class ModelStore {

    /** Id (file stem) of the bundled, trained model. */
    public static final String BUNDLED_ID = "stories260K";
    private static final String BUNDLED_RESOURCE = "/bundled-models/stories260K.gguf";
    private static final String LICENSE_RESOURCE = "/bundled-models/stories260K.LICENSE.md";
    public static final String EXTENSION = ".gguf";

    /** Windows refuses these in file names; refused everywhere, so an id means the same file on every OS. */
    private static final String NOT_IN_NAMES = "/\\:*?\"<>|";
    /** Per folder within this JVM: a second FileChannel.lock on the same file from one JVM throws instead of waiting. */
    private static final ConcurrentHashMap<Path, ReentrantLock> FOLDER_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;

    public ModelStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The store in {@code ~/.fleetbench/models}. */
    public static ModelStore defaultStore() {
        return new ModelStore(Path.of(System.getProperty("user.home"), ".fleetbench", "models"));
    }

    public Path dir() {
        return dir;
    }

    /** Where the model of that id lives (whether or not it exists yet). */
    public Path pathOf(String id) {
        return dir.resolve(id + EXTENSION);
    }

    /**
     * Copies the bundled stories260K (and its license) into the folder unless a file of the same size is there.
     *
     * @return the model file
     */
    public synchronized Path installBundled() throws IOException {
        Files.createDirectories(dir);
        Path target = pathOf(BUNDLED_ID);
        return writing(() -> {
            copyResource(LICENSE_RESOURCE, dir.resolve(BUNDLED_ID + ".LICENSE.md"));
            copyResource(BUNDLED_RESOURCE, target);
            return target;
        });
    }

    /**
     * Whether {@code id} can name a model file here: not empty, none of {@code / \ : * ? " < > |} or control
     * characters, not {@code .} or {@code ..}, not ending in a dot or space. Anything else ("phi-4:2", "../x") is not a
     * model of this folder (and on Windows would not even be a valid path).
     */
    public static boolean isFileName(String id) {
        if (id == null || id.isEmpty() || id.equals(".") || id.equals("..") || id.endsWith(".") || id.endsWith(" ")) {
            return false;
        }
        return id.chars().noneMatch(c -> c < 0x20 || NOT_IN_NAMES.indexOf(c) >= 0);
    }

    /** A write step that may throw. */
    @FunctionalInterface
    private interface Write<T> {
        T run() throws IOException;
    }

    /** Runs a write as the folder's only writer, across threads and processes. */
    private <T> T writing(Write<T> write) throws IOException {
        ReentrantLock local = FOLDER_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        local.lock();
        try {
            if (local.getHoldCount() > 1) {
                return write.run(); // this thread holds the folder already
            }
            try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = lockFile.lock()) {
                return write.run();
            }
        } finally {
            local.unlock();
        }
    }

    private Path partFor(Path target) {
        return dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + UUID.randomUUID().toString().substring(0, 8) + ".part");
    }

    private void copyResource(String resource, Path target) throws IOException {
        java.net.URL url = ModelStore.class.getResource(resource);
        if (url != null && Files.isRegularFile(target)
                && Files.size(target) == url.openConnection().getContentLengthLong()) {
            return; // installed already: skip reading the resource
        }
        byte[] bytes;
        try (InputStream in = ModelStore.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the bundled resource " + resource + " is missing from the classpath");
            }
            bytes = in.readAllBytes();
        }
        if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
            return;
        }
        Path part = partFor(target);
        try {
            Files.write(part, bytes);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Whether {@code id} names a synthetic preset. */
    public static boolean isPreset(String id) {
        return SyntheticModels.preset(id).isPresent();
    }

    /** The file of a model that is present; the bundled model is installed first when asked for. */
    public synchronized Optional<Path> find(String id) throws IOException {
        if (BUNDLED_ID.equals(id)) {
            return Optional.of(installBundled());
        }
        if (!isFileName(id)) {
            return Optional.empty();
        }
        Path p = pathOf(id);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * Makes a model present: the bundled one is installed, a synthetic preset is generated unless its file exists.
     *
     * @throws IllegalArgumentException when the id is neither present, bundled nor a preset
     */
    public Path ensure(String id) throws IOException {
        return ensure(id, p -> { });
    }

    /** As {@link #ensure(String)}, reporting generation progress 0–100. */
    public synchronized Path ensure(String id, DoubleConsumer progress) throws IOException {
        Optional<Path> present = find(id);
        if (present.isPresent()) {
            progress.accept(100);
            return present.get();
        }
        SyntheticSpec spec = SyntheticModels.preset(id).orElseThrow(() -> new IllegalArgumentException(
                "model '" + id + "' is not in " + dir + ", not bundled and not a synthetic preset "
                        + SyntheticModels.presetNames()));
        Files.createDirectories(dir);
        return writing(() -> {
            // another process may have made it while this one waited for the lock: use that file
            Optional<Path> made = find(id);
            if (made.isPresent()) {
                progress.accept(100);
                return made.get();
            }
            return generate(spec, progress);
        });
    }

    /** Writes a synthetic model of any shape into the folder (replacing a file of the same name). */
    public synchronized Path generate(SyntheticSpec spec, DoubleConsumer progress) throws IOException {
        Files.createDirectories(dir);
        Path target = pathOf(spec.name());
        return writing(() -> {
            Path part = partFor(target);
            try {
                SyntheticModels.write(spec, part, progress);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
            return target;
        });
    }

    /** The {@code *.gguf} files in the folder, by name (hidden and partial files excluded). */
    public synchronized List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(EXTENSION) && !n.startsWith(".") && Files.isRegularFile(p);
            }).sorted().forEach(out::add);
        }
        return out;
    }

    /** The id of a model file: its name without {@code .gguf}. */
    public static String idOf(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(EXTENSION) ? n.substring(0, n.length() - EXTENSION.length()) : n;
    }
}
