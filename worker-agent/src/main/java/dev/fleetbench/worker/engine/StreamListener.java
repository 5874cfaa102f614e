package dev.fleetbench.worker.engine;

/**
 * Receives the events of one streamed request, on the thread that reads the stream, as they happen. The
 * measurement layer implements it and takes the timestamps (an engine never times itself): engines must call
 * {@link #onRequestSent()} right before the request leaves and {@link #onChunk} as soon as a chunk with generated
 * text has been parsed, before doing anything slow.
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
