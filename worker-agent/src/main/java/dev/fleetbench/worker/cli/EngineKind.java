package dev.fleetbench.worker.cli;

/** The engines the agent can drive; {@code --engine} takes the lower-case names. */
public enum EngineKind {
    EMBEDDED, OPENAI;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
