package dev.fleetbench.worker.engine.embedded;

import dev.fleetbench.worker.gguf.ModelStore;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the embedded llama.cpp engine. Immutable.
 *
 * @param store        the models folder
 * @param threads      llama.cpp threads for prefill and decode (default: {@link #defaultThreads()})
 * @param contextSize  context (KV cache) size in tokens; capped at the model's own context length
 * @param timingsWait  how long to wait after a request for llama.cpp's timing block to reach its log file
 * @param library      the binding's native library: the jar's own, or one built on this machine
 */
public record EmbeddedConfig(ModelStore store, int threads, int contextSize, Duration timingsWait,
                             NativeLibrary library) {

    public static final int DEFAULT_CONTEXT = 2048;
    public static final Duration DEFAULT_TIMINGS_WAIT = Duration.ofMillis(250);

    public EmbeddedConfig {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(timingsWait, "timingsWait");
        Objects.requireNonNull(library, "library");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (contextSize < 16) {
            throw new IllegalArgumentException("contextSize must be at least 16 tokens, got " + contextSize);
        }
    }

    /** Default folder, {@link #defaultThreads()}, 2048-token context. */
    public static EmbeddedConfig defaults() {
        return of(ModelStore.defaultStore());
    }

    /**
     * Defaults with another models folder. The library is the jar's, unless the binding's own property
     * ({@value NativeLibrary#PROPERTY}) names a folder, which the binding then loads: the fingerprint says so.
     *
     * @throws IllegalArgumentException when that property names a folder without the library
     */
    public static EmbeddedConfig of(ModelStore store) {
        return new EmbeddedConfig(store, defaultThreads(), DEFAULT_CONTEXT, DEFAULT_TIMINGS_WAIT,
                NativeLibrary.configured(null, System.getProperty(NativeLibrary.PROPERTY)));
    }

    /**
     * Inference threads by default: the physical cores less one, at least one. Why: llama.cpp's threads meet at a
     * barrier after every operation of every token, so one thread losing its core stalls them all; the agent's own
     * threads (the one reading tokens, the JVM's compiler and collector, heartbeats) need a core now and then, and
     * with every core given to llama.cpp they took one from it mid-token. Measured on 2 cores (README, native
     * reference): at 2 threads the embedded engine ran stories260K at 0.04 of native llama-bench and the synthetic
     * models slower than at 1 thread, where it ran at native speed.
     */
    public static int defaultThreads() {
        return Math.max(1, physicalCores() - 1);
    }

    public EmbeddedConfig withThreads(int n) {
        return new EmbeddedConfig(store, n, contextSize, timingsWait, library);
    }

    public EmbeddedConfig withContextSize(int n) {
        return new EmbeddedConfig(store, threads, n, timingsWait, library);
    }

    /** With another native library (a machine-built one, from {@code --llama-lib}). */
    public EmbeddedConfig withLibrary(NativeLibrary lib) {
        return new EmbeddedConfig(store, threads, contextSize, timingsWait, lib);
    }

    /**
     * Physical cores as OSHI counts them (llama.cpp gains nothing from SMT siblings), else the logical count. This
     * probe never throws.
     */
    public static int physicalCores() {
        try {
            int n = new oshi.SystemInfo().getHardware().getProcessor().getPhysicalProcessorCount();
            if (n > 0) {
                return n;
            }
        } catch (RuntimeException | LinkageError e) {
            // unknown hardware: fall through to the logical count
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
