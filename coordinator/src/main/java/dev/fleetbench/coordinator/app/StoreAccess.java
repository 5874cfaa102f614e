package dev.fleetbench.coordinator.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs store calls off the event loop: writes on one ordered thread (one writer, so a campaign's state is written
 * after its cells, and ingestion is serial), reads on a small pool. Keeps the outcome of the last write, so that
 * {@code /api/health} can say that the store is failing and why (a full disk), and that it recovered.
 *
 * <p>A service sees the store as {@code S}: the concerns it uses (e.g. {@code WorkerStore}, or a record of several),
 * never the whole store. Wiring opens one access over the whole store and {@linkplain #narrow narrows} it for each
 * service; every narrowed access shares the same writer thread, reader pool and health.
 *
 * @param <S> what the calls of this access are given
 */
public final class StoreAccess<S> implements AutoCloseable {

    private final S store;
    private final Threads threads;

    /**
     * The store's health as its writes found it.
     *
     * @param failing true while the latest write failed
     * @param reason  the first failure's message of the current run of failures, else null
     * @param since   when that run began, else null
     * @param failures writes failed in the current run
     */
    public record Health(boolean failing, String reason, Instant since, long failures) {
        static final Health OK = new Health(false, null, null, 0);
    }

    /** The threads and the write outcome that every access narrowed from one store shares. */
    private static final class Threads {
        final WorkerExecutor writer;
        final WorkerExecutor readers;
        final Clock clock;
        /** The first failure of the current run of failed writes; null while writes succeed. */
        final AtomicReference<Health> failing = new AtomicReference<>();

        Threads(Vertx vertx, Clock clock) {
            this.clock = clock;
            this.writer = vertx.createSharedWorkerExecutor("fleetbench-store-writer", 1);
            this.readers = vertx.createSharedWorkerExecutor("fleetbench-store-reader", 2);
        }
    }

    public StoreAccess(Vertx vertx, S store) {
        this(vertx, store, Clock.systemUTC());
    }

    public StoreAccess(Vertx vertx, S store, Clock clock) {
        this(store, new Threads(vertx, clock));
    }

    private StoreAccess(S store, Threads threads) {
        this.store = store;
        this.threads = threads;
    }

    /**
     * The same store on the same threads, seen as {@code N}: {@code view} picks the concerns a service may use, e.g.
     * {@code s -> s} for one interface or {@code s -> new Stores(s, s)} for a service's record of several.
     */
    public <N> StoreAccess<N> narrow(Function<? super S, ? extends N> view) {
        return new StoreAccess<>(view.apply(store), threads);
    }

    public <T> Future<T> write(Function<? super S, T> op) {
        return threads.writer.executeBlocking(() -> {
            try {
                T result = op.apply(store);
                threads.failing.set(null);
                return result;
            } catch (RuntimeException e) {
                threads.failing.updateAndGet(h -> h == null
                        ? new Health(true, String.valueOf(e.getMessage()), threads.clock.instant(), 1)
                        : new Health(true, h.reason(), h.since(), h.failures() + 1));
                throw e;
            }
        }, true);
    }

    /** How the latest writes went. */
    public Health health() {
        Health h = threads.failing.get();
        return h == null ? Health.OK : h;
    }

    public <T> Future<T> read(Function<? super S, T> op) {
        return threads.readers.executeBlocking(() -> op.apply(store), false);
    }

    /** Closes the threads, for every access narrowed from the same store. */
    @Override
    public void close() {
        threads.writer.close();
        threads.readers.close();
    }
}
