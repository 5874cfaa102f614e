package dev.fleetbench.worker.engine.embedded;

import dev.fleetbench.worker.gguf.ModelStore;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the embedded llama.cpp engine. Immutable.
 *
 * @param store        the models folder
 * @param threads      llama.cpp threads for prefill and decode (default: physical cores)
 * @param contextSize  context (KV cache) size in tokens; capped at the model's own context length
 * @param timingsWait  how long to wait after a request for llama.cpp's timing block to reach its log file
 */
public record EmbeddedConfig(ModelStore store, int threads, int contextSize, Duration timingsWait) {

    public static final int DEFAULT_CONTEXT = 2048;
    public static final Duration DEFAULT_TIMINGS_WAIT = Duration.ofMillis(250);

    public EmbeddedConfig {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(timingsWait, "timingsWait");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (contextSize < 16) {
            throw new IllegalArgumentException("contextSize must be at least 16 tokens, got " + contextSize);
        }
    }

    /** Default folder, physical cores, 2048-token context. */
    public static EmbeddedConfig defaults() {
        return of(ModelStore.defaultStore());
    }

    /** Defaults with another models folder. */
    public static EmbeddedConfig of(ModelStore store) {
        return new EmbeddedConfig(store, physicalCores(), DEFAULT_CONTEXT, DEFAULT_TIMINGS_WAIT);
    }

    public EmbeddedConfig withThreads(int n) {
        return new EmbeddedConfig(store, n, contextSize, timingsWait);
    }

    public EmbeddedConfig withContextSize(int n) {
        return new EmbeddedConfig(store, threads, n, timingsWait);
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
