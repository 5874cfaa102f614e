package dev.fleetbench.worker.engine.embedded;

import de.kherud.llama.ModelParameters;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.hardware.HardwareProbe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Whether the llama.cpp native library of the de.kherud:llama binding can be loaded here, and which versions run.
 * Loading happens once per process, in the binding's static initialiser, which extracts {@code libjllama} into this
 * process's own folder ({@link NativeFolder}) and links it. Before that, the platform and the processor are checked
 * (no library for the platform, or a CPU without the features it is compiled for, would fail or stop the JVM with an
 * illegal instruction). A failure is ENGINE_UNAVAILABLE with the operating system's own error text and what to install
 * ({@link NativeLoadFailure}), instead of a stack trace. Whatever the binding prints while loading (its "Extracted …"
 * line on standard output, the resource path it prints on macOS) goes to standard error, so it never mixes into
 * {@code bench}'s table or JSON on standard output. Thread-safe.
 */
final class NativeLlama {

    /** The llama.cpp build inside each binding release we have verified; the log confirms it on load. */
    static final String KNOWN_BUILD_4_1_0 = "b4916";
    /** Enough for any error the binding prints while loading; more is cut, never kept without bound. */
    private static final int CAPTURE_LIMIT = 64 * 1024;

    private static volatile EngineException failure;
    private static volatile boolean loaded;
    private static volatile NativeLibrary loadedLibrary;

    private NativeLlama() {
    }

    /** Loads the jar's native library once. */
    static void ensureAvailable() throws EngineException {
        ensureAvailable(NativeLibrary.bundled());
    }

    /**
     * Loads the given native library once per process: the jar's, or a machine-built one from its folder (through the
     * binding's {@value NativeLibrary#PROPERTY} property). A process loads one library for its whole life, so asking
     * for another one after that is ENGINE_UNAVAILABLE naming both. The binding falls back to its jar's library
     * without a word when the one in the folder does not load; that is caught here (on Linux, from the libraries the
     * process has mapped) and reported with the operating system's error, since samples would otherwise name a library
     * that did not run.
     */
    static synchronized void ensureAvailable(NativeLibrary library) throws EngineException {
        if (loaded) {
            if (!java.util.Objects.equals(loadedLibrary.folder(), library.folder())) {
                throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "embedded llama.cpp engine unavailable: "
                        + "this process already runs " + where(loadedLibrary) + ", and a process loads one native "
                        + "library for its whole life; start another one for " + where(library));
            }
            return;
        }
        if (failure != null) {
            throw failure;
        }
        NativePlatform platform = NativePlatform.current();
        if (library.machineBuilt()) {
            loadFromFolder(library, platform);
            return;
        }
        System.clearProperty(NativeLibrary.PROPERTY); // the jar's library, as the configuration says
        if (!platform.shipped()) {
            failure = NativeLoadFailure.describe(new UnsatisfiedLinkError("no library under /de/kherud/llama/"
                    + platform.folder() + " in de.kherud:llama " + bindingVersion()), "", platform, false);
            throw failure;
        }
        EngineException cpu = cpuUnsupported(platform, HardwareProbe.systemCpuFeatures());
        if (cpu != null) {
            failure = cpu;
            throw failure;
        }
        try {
            useOwnFolder();
        } catch (IOException | RuntimeException e) {
            failure = new EngineException(FailureCode.ENGINE_UNAVAILABLE, "embedded llama.cpp engine unavailable: "
                    + "cannot create the folder to extract its native library into (" + e + "); set "
                    + NativeFolder.PROPERTY + " to a writable folder", e);
            throw failure;
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        // process-wide for the fraction of a second the load takes; other threads' lines still reach stderr
        PrintStream tee = new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        try {
            Class.forName("de.kherud.llama.LlamaModel", true, NativeLlama.class.getClassLoader());
            loaded = true;
            loadedLibrary = NativeLibrary.bundled();
        } catch (ClassNotFoundException e) {
            failure = new EngineException(FailureCode.ENGINE_UNAVAILABLE,
                    "the llama.cpp binding (de.kherud:llama) is not on the classpath", e);
            throw failure;
        } catch (LinkageError e) {
            tee.flush();
            failure = NativeLoadFailure.describe(e, captured.toString(StandardCharsets.UTF_8), platform, true);
            throw failure;
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Loads a machine-built library from its folder and checks that it is the one that runs. */
    private static void loadFromFolder(NativeLibrary library, NativePlatform platform) throws EngineException {
        Path file = library.folder().resolve(platform.libraryName());
        try {
            useOwnFolder(); // the binding still sweeps its extraction folder first: ours, not the shared temp folder
        } catch (IOException | RuntimeException e) {
            failure = new EngineException(FailureCode.ENGINE_UNAVAILABLE, "embedded llama.cpp engine unavailable: "
                    + "cannot create the folder for its scratch files (" + e + "); set " + NativeFolder.PROPERTY
                    + " to a writable folder", e);
            throw failure;
        }
        System.setProperty(NativeLibrary.PROPERTY, library.folder().toString());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream tee = new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        try {
            Class.forName("de.kherud.llama.LlamaModel", true, NativeLlama.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            failure = new EngineException(FailureCode.ENGINE_UNAVAILABLE,
                    "the llama.cpp binding (de.kherud:llama) is not on the classpath", e);
            throw failure;
        } catch (LinkageError e) {
            tee.flush();
            failure = NativeLoadFailure.describe(e, captured.toString(StandardCharsets.UTF_8), platform, true);
            throw failure;
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String said = NativeLoadFailure.osError(captured.toString(StandardCharsets.UTF_8));
        Boolean mapped = mapped(file);
        if (Boolean.FALSE.equals(mapped) || (mapped == null && !said.isEmpty())) {
            failure = new EngineException(FailureCode.ENGINE_UNAVAILABLE, "embedded llama.cpp engine unavailable: "
                    + file + " did not load" + (said.isEmpty() ? "" : " (" + said + ")") + " and the binding fell "
                    + "back to its jar's own library; this process runs no model until it is restarted with a "
                    + "library that loads, or without --llama-lib");
            throw failure;
        }
        loaded = true;
        loadedLibrary = library;
    }

    /** Whether this process has mapped the file (Linux, from /proc/self/maps); null when that cannot be read. */
    private static Boolean mapped(Path file) {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null;
        }
        try {
            String real = file.toRealPath().toString();
            try (var lines = Files.lines(maps)) {
                return lines.anyMatch(l -> l.endsWith(" " + real) || l.endsWith("\t" + real));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String where(NativeLibrary library) {
        return library.machineBuilt() ? "the library in " + library.folder() : "the binding's own library";
    }

    /**
     * ENGINE_UNAVAILABLE naming the missing ISA features when the processor lacks what the platform's library is
     * compiled for; null when nothing is missing or nothing could be read. Pure, for tests.
     */
    static EngineException cpuUnsupported(NativePlatform platform, List<String> probedFeatures) {
        List<String> missing = platform.missing(probedFeatures);
        if (missing.isEmpty()) {
            return null;
        }
        return new EngineException(FailureCode.ENGINE_UNAVAILABLE, "embedded llama.cpp engine unavailable: this "
                + "processor lacks " + String.join(", ", missing).toUpperCase(Locale.ROOT) + ", which the "
                + platform.describe() + " library of de.kherud:llama " + bindingVersion() + " is compiled for "
                + "(loading it would stop the JVM with an illegal instruction); use an OpenAI-compatible server "
                + "built for this processor (llama.cpp's llama-server) with --engine openai");
    }

    /**
     * Where per-process scratch files of the engine go (llama.cpp's log files): this process's own extraction folder,
     * so that a file llama.cpp still holds open at exit (Windows cannot delete it then) goes with the folder at the
     * next start; the temp folder when the extraction folder was chosen by the user.
     *
     * @param extractionFolder the value of {@link NativeFolder#PROPERTY}, or null
     */
    static Path scratchFolder(String extractionFolder) {
        if (extractionFolder != null) {
            Path dir = Path.of(extractionFolder);
            Path name = dir.getFileName();
            if (name != null && name.toString().startsWith(NativeFolder.PREFIX) && Files.isDirectory(dir)) {
                return dir;
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** This process's scratch folder (see {@link #scratchFolder(String)}). */
    static Path scratchFolder() {
        return scratchFolder(System.getProperty(NativeFolder.PROPERTY));
    }

    /** The binding's folder: a per-process one below the temp folder, unless the user chose one. */
    private static void useOwnFolder() throws IOException {
        if (System.getProperty(NativeFolder.PROPERTY) != null) {
            return;
        }
        Path dir = NativeFolder.prepare(Path.of(System.getProperty("java.io.tmpdir")), ProcessHandle.current().pid(),
                pid -> ProcessHandle.of(pid).isPresent());
        System.setProperty(NativeFolder.PROPERTY, dir.toString());
    }

    /**
     * Why the embedded engine can offer no model on this platform, or null when it can: the binding ships no library
     * for it (Windows on ARM), so every cell would fail. Pure, for tests.
     */
    static String unsupported(NativePlatform platform) {
        return platform.shipped() ? null : "de.kherud:llama " + bindingVersion() + " ships no native library for "
                + platform.describe() + ", so the embedded engine offers no models here; use Foundry Local or an "
                + "OpenAI-compatible server on this machine";
    }

    /**
     * Keeps a model on the CPU, which is what the catalog's variants say ({@code llama.cpp-cpu}). The binding's macOS
     * arm64 library is built with Metal, and llama.cpp offloads every layer to the GPU by default there, so samples
     * labelled CPU would have run on the GPU: no layer is offloaded and no device is used.
     *
     * @return the same parameters
     */
    static ModelParameters cpuOnly(ModelParameters params) {
        return params.setGpuLayers(0).setDevices("none");
    }

    /**
     * Puts every layer of a model on the GPU through Metal, the Metal variant's promise ({@code llama.cpp-metal}):
     * 999 is more layers than any model has, which llama.cpp reads as all of them; the default device is Metal's.
     *
     * @return the same parameters
     */
    static ModelParameters allOnMetal(ModelParameters params) {
        return params.setGpuLayers(ALL_LAYERS);
    }

    /** More layers than any model has: llama.cpp offloads all of them. */
    static final int ALL_LAYERS = 999;

    /** Maps a native loading error seen after the load (a model's first use) on this platform. */
    static EngineException unavailable(Throwable error) {
        NativePlatform platform = NativePlatform.current();
        return NativeLoadFailure.describe(error, "", platform, platform.shipped());
    }

    /** Writes to the real stream and keeps a bounded copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream through;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream through, ByteArrayOutputStream copy) {
            this.through = through;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            through.write(b);
            if (copy.size() < CAPTURE_LIMIT) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            through.write(b, off, len);
            copy.write(b, off, Math.max(0, Math.min(len, CAPTURE_LIMIT - copy.size())));
        }

        @Override
        public void flush() throws IOException {
            through.flush();
        }
    }

    /** The binding's version from its Maven metadata, e.g. "4.1.0"; "unknown" when absent. */
    static String bindingVersion() {
        try (InputStream in = NativeLlama.class.getResourceAsStream(
                "/META-INF/maven/de.kherud/llama/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** The llama.cpp build of a binding version we know; null otherwise. */
    static String knownBuild(String bindingVersion) {
        return "4.1.0".equals(bindingVersion) ? KNOWN_BUILD_4_1_0 : null;
    }
}
