package dev.fleetbench.worker.app;

/** The FleetBench agent version, from the jar manifest (set by the build), for fingerprints and the handshake. */
public final class AgentVersion {

    /** Used when running from classes rather than a built jar (IDE, tests). */
    static final String DEVELOPMENT = "0.1.0-dev";

    private AgentVersion() {
    }

    public static String get() {
        String v = AgentVersion.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? DEVELOPMENT : v;
    }
}
