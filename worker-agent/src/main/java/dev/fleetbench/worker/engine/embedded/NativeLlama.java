package dev.fleetbench.worker.engine.embedded;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/**
 * Whether the llama.cpp native library of the de.kherud:llama binding can be loaded here, and which versions run.
 * Loading happens once per process, in the binding's static initialiser (it extracts {@code libjllama} to the temp
 * folder and links it); a failure there is turned into ENGINE_UNAVAILABLE with what to install instead of a stack
 * trace. Thread-safe.
 */
final class NativeLlama {

    /** The llama.cpp build inside each binding release we have verified; the log confirms it on load. */
    static final String KNOWN_BUILD_4_1_0 = "b4916";

    private static volatile EngineException failure;
    private static volatile boolean loaded;

    private NativeLlama() {
    }

    /** Loads the native library once. */
    static synchronized void ensureAvailable() throws EngineException {
        if (loaded) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            Class.forName("de.kherud.llama.LlamaModel", true, NativeLlama.class.getClassLoader());
            loaded = true;
        } catch (ClassNotFoundException e) {
            failure = new EngineException(FailureCode.ENGINE_UNAVAILABLE,
                    "the llama.cpp binding (de.kherud:llama) is not on the classpath", e);
            throw failure;
        } catch (LinkageError e) {
            failure = unavailable(e);
            throw failure;
        }
    }

    /** Maps a native loading error to a message that says what to install. Pure, for tests. */
    static EngineException unavailable(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(' ');
        }
        String text = all.toString();
        String os = System.getProperty("os.name", "?") + " " + System.getProperty("os.arch", "?");
        String hint;
        if (text.toLowerCase(Locale.ROOT).contains("libgomp")) {
            hint = "the OpenMP runtime libgomp.so.1 is missing: install it (Debian/Ubuntu: apt-get install libgomp1;"
                    + " Fedora/RHEL: dnf install libgomp)";
        } else if (text.contains("No native library found")) {
            hint = "de.kherud:llama ships no native library for " + os + " (Windows on ARM is not supported: use "
                    + "Foundry Local there)";
        } else {
            hint = "the native llama.cpp library could not be loaded on " + os + "; check that the temp folder is "
                    + "writable and not mounted noexec (or set -Dde.kherud.llama.tmpdir), and that libgomp is "
                    + "installed";
        }
        return new EngineException(FailureCode.ENGINE_UNAVAILABLE, "embedded llama.cpp engine unavailable: " + hint
                + " (" + error.getClass().getSimpleName() + ": " + firstLine(text) + ")", error);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
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
