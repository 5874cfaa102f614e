package dev.fleetbench.worker.engine.embedded;

import java.util.Locale;

/**
 * The OpenMP wait policy of the binding's llama.cpp build (libgomp), for fingerprints: it changes how threads wait
 * at ggml's barriers and so the speed at more than one thread. The engine leaves it as the user set it
 * ({@code OMP_WAIT_POLICY} in the agent's environment; libgomp reads it once, when the library loads). Setting
 * PASSIVE from inside the process was measured and not kept: at 2 threads it cost as much as it saved (README,
 * native reference), while leaving a core to the agent removed the collapse it was meant to soften.
 */
final class OpenMp {

    private OpenMp() {
    }

    /** The wait policy the OpenMP runtime of this process runs with, lower case; "default" when none is set. */
    static String waitPolicy() {
        String p = System.getenv("OMP_WAIT_POLICY");
        String spin = System.getenv("GOMP_SPINCOUNT");
        if (p == null) {
            return spin == null ? "default" : "spincount=" + spin;
        }
        return p.toLowerCase(Locale.ROOT) + (spin == null ? "" : ",spincount=" + spin);
    }
}
