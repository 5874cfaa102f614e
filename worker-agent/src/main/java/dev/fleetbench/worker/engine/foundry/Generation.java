package dev.fleetbench.worker.engine.foundry;

/** Which Foundry Local server answers (spec §0); decided by probing, never by version numbers. */
public enum Generation {
    /** Legacy service of CLI 0.3–0.8: {@code /openai/status}, {@code /foundry/list}, {@code /openai/*}. */
    G1("legacy service"),
    /** Foundry Local Core 1.x (SDK 1.x, CLI 0.10 daemon): {@code /models/*} and {@code /v1/*}. */
    G2("Core 1.x"),
    /** Runtime 2.x: the G2 routes plus {@code /status} and {@code /shutdown}. */
    G3("runtime 2.x");

    private final String words;

    Generation(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
