package dev.fleetbench.worker.engine.foundry.testdouble;

/**
 * Switches of the double's chat stream and lifecycle (spec §4.6, §8.5). Fields are volatile: tests flip them while
 * the server runs. Defaults per generation come from {@link #legacy()} and {@link #current()}.
 */
public final class Quirks {

    /** Legacy chunk keys: {@code CreatedAt}, {@code IsDelta}, {@code Successful}, {@code error: null}, … (#273). */
    public volatile boolean extraKeys;
    /** A {@code message} object duplicated next to {@code delta} (#273, #144). */
    public volatile boolean duplicateMessage;
    /** Every chunk with another id and an incrementing choice index, {@code model: null} (#144). */
    public volatile boolean changingIds;
    /** No {@code finish_reason} at all (0.8.101–0.8.119, #299/#399/#423). */
    public volatile boolean noFinishReason;
    /** {@code stream_options.include_usage} honoured with a final usage chunk (G3); false = never any usage (#369). */
    public volatile boolean includeUsage;
    /** The token-count route answers (G1). */
    public volatile boolean countRoute;
    /** After this many tokens, an error event and the end of the response without [DONE]; -1 = never. */
    public volatile int errorAfterTokens = -1;
    /** After this many tokens the service dies (all connections dropped, port closed); -1 = never. */
    public volatile int dieAfterTokens = -1;
    /** The next download fails with {@code success:false}. */
    public volatile boolean failDownload;
    /** A load fails with HTTP 500 "Failed loading model". */
    public volatile boolean failLoad;
    /**
     * G2 only: {@code /models/load|unload} take an alias as G3 does (whether the CLI 0.10 daemon accepts ids, aliases
     * or both is UNVERIFIED in the spec), so that the engine's fall-back from id to alias can be tested.
     */
    public volatile boolean loadByAliasOnly;
    /**
     * Per lower-case variant id: milliseconds of busy CPU work before each token after the first (instead of
     * {@link #tokenDelayMs} of idle waiting), as a decode that runs on the CPU burns it (a CPU variant, or an NPU
     * variant that silently fell back to the CPU). A variant not listed waits idly, as an accelerator leaves the CPU.
     */
    public final java.util.Map<String, Long> busyMsPerToken = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Per lower-case variant id: tokens after the first leave on a fixed schedule, the k-th this many milliseconds × k
     * after the first, so that a scripted decode rate holds whatever the backing model's own time per token and the
     * machine's load; a variant not listed uses {@link #tokenDelayMs}. For a paced variant, {@link #busyMsPerToken}
     * is wall time spent computing at the start of each interval (at most the interval), not CPU time: the token
     * keeps its time and a busy machine lowers the CPU share instead.
     */
    public final java.util.Map<String, Long> tokenIntervalMs = new java.util.concurrent.ConcurrentHashMap<>();
    /** Delay before the first token and between tokens. */
    public volatile long firstTokenDelayMs;
    public volatile long tokenDelayMs;

    /** CLI 0.8.119 behaviour. */
    public static Quirks legacy() {
        Quirks q = new Quirks();
        q.extraKeys = true;
        q.duplicateMessage = true;
        q.changingIds = true;
        q.noFinishReason = true;
        q.includeUsage = false;
        q.countRoute = true;
        return q;
    }

    /** Core 1.x / runtime 2.x behaviour: OpenAI-conformant streams, usage when asked. */
    public static Quirks current() {
        Quirks q = new Quirks();
        q.includeUsage = true;
        return q;
    }
}
