package dev.fleetbench.worker.app;

/**
 * The engines the agent can drive; {@code --engine} takes the lower-case names. SIMULATED is for load tests only.
 * FOUNDRY is Microsoft Foundry Local, found through the {@code foundry} CLI on {@code PATH}.
 */
public enum EngineKind {
    EMBEDDED, OPENAI, FOUNDRY, SIMULATED;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
