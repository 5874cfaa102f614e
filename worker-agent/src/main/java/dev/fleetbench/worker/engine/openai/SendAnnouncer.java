package dev.fleetbench.worker.engine.openai;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request body that announces {@code t_send} (runs the given action, which calls
 * {@link dev.fleetbench.worker.engine.StreamListener#onRequestSent()}) at the moment the HTTP client starts writing
 * it: metrics.md defines {@code t_send} as "the request has been written to the engine".
 *
 * <p>Why not before {@code sendAsync}: the JDK client writes the request line and headers, then hands the body to
 * its selector thread; that hand-off costs a thread wake-up, 0.9–2.1 ms on a loaded two-core VM, which is the client
 * library's latency and would be counted in every TTFT (the accuracy test then fails its 2 ms bound). Why not a
 * caller thread waiting for this moment: a spinning caller competes for the CPU with the threads that send and
 * receive, gets preempted, and took {@code t_send} up to 2 ms late. Announcing from here is exact, at the price
 * that {@code onRequestSent} runs on the client's I/O thread; it still happens-before every {@code onChunk} and the
 * return of {@code chat} (the response reaches the reading thread through the client's queue).
 *
 * <p>Exactly one announcement per attempt: when the exchange ends without the body being written (connection
 * refused, an answer before the body), the caller announces with {@link #announce()} so that a failed request has a
 * {@code t_send} too. A listener that throws must not break the client's I/O thread: its exception is kept for the
 * caller.
 */
final class SendAnnouncer implements HttpRequest.BodyPublisher {

    private final HttpRequest.BodyPublisher body;
    private final Runnable onSent;
    private final AtomicBoolean announced = new AtomicBoolean();
    private volatile RuntimeException failure;

    SendAnnouncer(HttpRequest.BodyPublisher body, Runnable onSent) {
        this.body = body;
        this.onSent = onSent;
    }

    @Override
    public long contentLength() {
        return body.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        announce();
        body.subscribe(subscriber);
    }

    /** Announces {@code t_send} now unless it was announced already. */
    void announce() {
        if (announced.compareAndSet(false, true)) {
            try {
                onSent.run();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }

    /** What the announcement threw, or null. */
    RuntimeException failure() {
        return failure;
    }
}
