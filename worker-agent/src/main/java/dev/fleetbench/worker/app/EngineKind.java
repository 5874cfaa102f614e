package dev.fleetbench.worker.app;

/** The engines the agent can drive; {@code --engine} takes the lower-case names. SIMULATED is for load tests only. */
public enum EngineKind {
    EMBEDDED, OPENAI, SIMULATED;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
