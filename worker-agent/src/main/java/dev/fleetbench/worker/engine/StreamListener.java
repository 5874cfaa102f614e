package dev.fleetbench.worker.engine;

/**
 * Receives the events of one streamed request as they happen. The measurement layer implements it and takes the
 * timestamps (an engine never times itself): engines call {@link #onRequestSent()} when the request is being written
 * (possibly on the engine's I/O thread, always before any chunk; again if the engine retries before any chunk, and
 * the last call counts), {@link #onChunk} on the reading thread as soon as a chunk with generated text has been
 * parsed, before doing anything slow, and {@link #onStreamEnd()} when the answer is complete, before any follow-up
 * work such as draining the connection or counting tokens.
 */
public interface StreamListener {

    /** The kind of generated text a chunk carries. */
    enum ChunkKind { CONTENT, REASONING }

    /** {@code t_send}: the request is being written to the engine now. */
    void onRequestSent();

    /**
     * A chunk carrying generated text arrived. Role-only, empty and usage-only chunks are not reported.
     *
     * @param kind answer content or reasoning
     * @param text the chunk's text, never empty
     */
    void onChunk(ChunkKind kind, String text);

    /**
     * One arrival that carries reasoning and answer text at once (a server-sent event with both
     * {@code reasoning_content} and {@code content}): one token chunk with one timestamp, not two (metrics.md). The
     * default reports the two parts one after the other, for listeners that only look at the text.
     *
     * @param reasoning the reasoning text, never empty
     * @param content   the answer text, never empty
     */
    default void onChunk(String reasoning, String content) {
        onChunk(ChunkKind.REASONING, reasoning);
        onChunk(ChunkKind.CONTENT, content);
    }

    /**
     * {@code t_end}: the answer is complete ({@code [DONE]} parsed, or the final chunk of a stream without
     * {@code [DONE]}), never the moment the connection finally closes. An engine may call it again when a later event
     * turns out to be the end; the last call counts. Engines that do nothing after the stream may skip it.
     */
    default void onStreamEnd() {
    }

    /** A listener that ignores everything (warming caches, tests). */
    StreamListener NONE = new StreamListener() {
        @Override
        public void onRequestSent() {
        }

        @Override
        public void onChunk(ChunkKind kind, String text) {
        }
    };
}
