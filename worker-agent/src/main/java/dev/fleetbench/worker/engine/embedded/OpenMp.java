package dev.fleetbench.worker.engine.embedded;

import java.util.Locale;

/**
 * The OpenMP wait policy of the binding's llama.cpp build, set before its native library loads.
 *
 * <p>Why: the binding's llama.cpp is built with OpenMP (libgomp), and ggml's barriers between the operations of a
 * token are OpenMP barriers. With libgomp's default policy a thread that reaches a barrier first spins (up to
 * 300,000 iterations) for the others; when another thread of this process (the agent's own, the JVM's compiler or
 * collector) or of the machine takes one of the cores, its partner spins for its whole slice, and decode collapsed
 * (synthetic-30m at 2 threads on 2 cores: 130 tok/s with the default policy, 171 with PASSIVE, native llama-bench
 * 22 and 3 tok/s while other builds loaded the machine; see the README's native-reference benchmark). PASSIVE lets
 * waiting threads sleep instead. libgomp reads the variable once, when it is loaded, so it must be in the process's
 * environment before the binding loads its library; Java cannot change its environment, so libc's {@code setenv} is
 * called through JNA. A value the user set (OMP_WAIT_POLICY or GOMP_SPINCOUNT in the environment) is left alone.
 */
final class OpenMp {

    static final String VARIABLE = "OMP_WAIT_POLICY";
    static final String POLICY = "PASSIVE";

    private OpenMp() {
    }

    /** Sets the wait policy unless the environment already has one. Never throws; call before the library loads. */
    static synchronized void applyBeforeLoad() {
        if (System.getenv(VARIABLE) != null || System.getenv("GOMP_SPINCOUNT") != null || alreadySet()) {
            return;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return; // the Windows build does not use libgomp
        }
        try {
            com.sun.jna.platform.unix.LibC.INSTANCE.setenv(VARIABLE, POLICY, 1);
        } catch (RuntimeException | LinkageError e) {
            // without JNA the runtime keeps its default policy; the fingerprint then says "default"
        }
    }

    private static boolean alreadySet() {
        try {
            return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")
                    || com.sun.jna.platform.unix.LibC.INSTANCE.getenv(VARIABLE) != null;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The wait policy the OpenMP runtime of this process runs with, lower case; "default" when none is set. */
    static String waitPolicy() {
        String p = System.getenv(VARIABLE);
        if (p == null) {
            try {
                if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
                    p = com.sun.jna.platform.unix.LibC.INSTANCE.getenv(VARIABLE);
                }
            } catch (RuntimeException | LinkageError e) {
                p = null;
            }
        }
        return p == null ? "default" : p.toLowerCase(Locale.ROOT);
    }
}
