package dev.fleetbench.worker.engine.embedded;

import dev.fleetbench.worker.engine.EngineException;

/** Loads the native library in a fresh JVM, as a worker or {@code bench} does, and prints what happened. */
public final class NativeLoadMain {

    private NativeLoadMain() {
    }

    public static void main(String[] args) {
        try {
            NativeLlama.ensureAvailable();
            System.out.println("loaded " + System.getProperty(NativeFolder.PROPERTY));
        } catch (EngineException e) {
            System.out.println("failed " + e.code() + " " + e.getMessage());
        }
        System.out.flush();
        // the binding's native threads keep the JVM alive otherwise
        System.exit(0);
    }
}
