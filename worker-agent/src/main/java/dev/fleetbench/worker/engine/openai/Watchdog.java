package dev.fleetbench.worker.engine.openai;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.Timeouts;
import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Enforces the time limits of one chat request, and its cancellation, for real: a blocking read cannot time
 * itself out, so when a limit passes this watchdog cancels the pending response future and closes the body
 * stream, which wakes the reading thread; that thread then asks {@link #tripped()} why and throws
 * {@link #failure(int)}.
 *
 * <p>The reading thread moves the watchdog through phases: until the first token chunk the first-token limit
 * applies (counted from {@code t_send}), after it the idle limit (counted from the last chunk), and always the total
 * limit (counted from the start of the request). The watchdog wakes at the current deadline, and at least every
 * {@link #POLL_NANOS} to poll the cancellation flag, which must therefore be safe to call from another thread.
 */
final class Watchdog implements AutoCloseable {

    /** Which limit ended the request. DRAIN is not a failure: the answer was complete, the rest of the body late. */
    enum Limit { FIRST_TOKEN, IDLE, TOTAL, CANCELLED, DRAIN }

    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private record Phase(long deadlineNanos, Limit limit) {
    }

    private final ScheduledExecutorService timer;
    private final Timeouts timeouts;
    private final BooleanSupplier cancelled;
    private final long totalDeadline;
    private final AtomicReference<Limit> tripped = new AtomicReference<>();
    private volatile Phase phase;
    private volatile Future<?> future;
    private volatile Closeable stream;
    private volatile ScheduledFuture<?> tick;
    private volatile boolean closed;

    Watchdog(ScheduledExecutorService timer, Timeouts timeouts, BooleanSupplier cancelled, long startNanos) {
        this.timer = timer;
        this.timeouts = timeouts;
        this.cancelled = cancelled;
        this.totalDeadline = startNanos + timeouts.total().toNanos();
        this.phase = new Phase(totalDeadline, Limit.TOTAL);
        schedule(0);
    }

    /** The request is being sent now: the first-token limit starts. */
    void awaitFirstToken(long sentNanos) {
        setPhase(sentNanos + timeouts.firstToken().toNanos(), Limit.FIRST_TOKEN);
    }

    /** A chunk arrived after the first token: the idle limit restarts. */
    void chunkArrived(long nowNanos) {
        setPhase(nowNanos + timeouts.idle().toNanos(), Limit.IDLE);
    }

    /** The answer is complete; the rest of the body gets at most this long. */
    void drain(long nowNanos, Duration grace) {
        setPhase(nowNanos + grace.toNanos(), Limit.DRAIN);
    }

    /** The future to cancel when a limit passes (the pending response headers). */
    void watch(Future<?> pending) {
        future = pending;
        if (tripped.get() != null) {
            pending.cancel(true);
        }
    }

    /** The stream to close when a limit passes (the response body). */
    void watch(Closeable body) {
        stream = body;
        if (tripped.get() != null) {
            closeQuietly(body);
        }
    }

    /** The limit that ended the request, or null while none has. */
    Limit tripped() {
        return tripped.get();
    }

    /** The failure that the tripped limit means, naming the limit; call only when {@link #tripped()} is not null. */
    EngineException failure(int tokenChunks) {
        Limit limit = tripped.get();
        if (limit == null) {
            throw new IllegalStateException("the watchdog has not tripped");
        }
        return switch (limit) {
            case FIRST_TOKEN -> new EngineException(FailureCode.TIMEOUT,
                    "no token within " + seconds(timeouts.firstToken()) + " s (first-token timeout)");
            case IDLE -> new EngineException(FailureCode.TIMEOUT, "no chunk for " + seconds(timeouts.idle())
                    + " s after " + tokenChunks + " token chunks (idle timeout)");
            case TOTAL -> new EngineException(FailureCode.TIMEOUT, "request not finished within "
                    + seconds(timeouts.total()) + " s, after " + tokenChunks + " token chunks (total timeout)");
            case CANCELLED -> new EngineException(FailureCode.CANCELLED,
                    "request cancelled after " + tokenChunks + " token chunks");
            case DRAIN -> new EngineException(FailureCode.INTERNAL, "the stream was drained, not failed");
        };
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> t = tick;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** "2.0", "0.15": seconds for messages. */
    static String seconds(Duration d) {
        BigDecimal s = BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros();
        return (s.scale() < 1 ? s.setScale(1) : s).toPlainString();
    }

    private void setPhase(long deadline, Limit limit) {
        phase = deadline - totalDeadline < 0 ? new Phase(deadline, limit) : new Phase(totalDeadline, Limit.TOTAL);
    }

    private void check() {
        if (closed || tripped.get() != null) {
            return;
        }
        long now = System.nanoTime();
        Phase p = phase;
        if (cancelled.getAsBoolean()) {
            trip(Limit.CANCELLED);
        } else if (now - p.deadlineNanos() >= 0) {
            trip(p.limit());
        } else {
            schedule(Math.min(POLL_NANOS, p.deadlineNanos() - now));
        }
    }

    private void schedule(long delayNanos) {
        try {
            tick = timer.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException engineClosed) {
            trip(Limit.CANCELLED);
        }
    }

    private void trip(Limit limit) {
        if (tripped.compareAndSet(null, limit)) {
            Future<?> f = future;
            if (f != null) {
                f.cancel(true);
            }
            closeQuietly(stream);
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException | RuntimeException ignored) {
                // closing only wakes the reader; nothing to report
            }
        }
    }
}
