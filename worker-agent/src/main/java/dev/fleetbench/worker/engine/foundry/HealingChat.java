package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.StreamListener;

/**
 * One chat request with self-healing. A request that failed because the service did not answer, before any chunk
 * arrived, is retried once after the service was brought back (the listener then sees {@code onRequestSent} again,
 * which the SPI allows). A request that broke after chunks arrived is not retried: its timestamps were already
 * taken, and a second run would be a different measurement. The service is still healed, so that the next request
 * finds it, and the failure says so.
 */
final class HealingChat {

    private final ServiceSession session;
    private final EventLog events;

    HealingChat(ServiceSession session, EventLog events) {
        this.session = session;
        this.events = events;
    }

    ChatResult run(ChatRequest request, StreamListener listener) throws EngineException {
        Counting counting = new Counting(listener);
        Discovery.Endpoint ep = session.endpoint();
        try {
            return session.chatEngine(ep).chat(request, counting);
        } catch (EngineException e) {
            if (!serviceFailure(e)) {
                throw e;
            }
            if (counting.chunks > 0) {
                if (session.answers(ep)) {
                    throw e; // only this connection broke
                }
                try {
                    session.heal(ep, e);
                } catch (EngineException healFailed) {
                    throw new EngineException(e.code(), e.getMessage() + "; Foundry Local then stopped answering and"
                            + " could not be restarted: " + healFailed.getMessage(), e);
                }
                events.add("a request to " + request.model() + " broke after " + counting.chunks + " chunks because"
                        + " the service went down; it is recorded as failed, not retried");
                throw new EngineException(e.code(), e.getMessage() + " (Foundry Local went down mid-stream and was"
                        + " brought back; this request is not retried because its chunks were already measured)", e);
            }
            Discovery.Endpoint healed = session.heal(ep, e);
            return session.chatEngine(healed).chat(request, counting);
        }
    }

    static boolean serviceFailure(EngineException e) {
        return e.code() == FailureCode.ENGINE_UNAVAILABLE || e.code() == FailureCode.CONNECTION_RESET;
    }

    /** Passes everything on and counts the chunks. */
    private static final class Counting implements StreamListener {
        private final StreamListener target;
        volatile int chunks;

        Counting(StreamListener target) {
            this.target = target;
        }

        @Override
        public void onRequestSent() {
            target.onRequestSent();
        }

        @Override
        public void onChunk(ChunkKind kind, String text) {
            chunks++;
            target.onChunk(kind, text);
        }

        @Override
        public void onChunk(String reasoning, String content) {
            chunks++;
            target.onChunk(reasoning, content);
        }

        @Override
        public void onStreamEnd() {
            target.onStreamEnd();
        }
    }
}
