package dev.fleetbench.coordinator.app;

import dev.fleetbench.coordinator.store.CoordinatorStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Runs store calls off the event loop: writes on one ordered thread (one writer, so a campaign's state is written
 * after its cells, and ingestion is serial), reads on a small pool. Keeps the outcome of the last write, so that
 * {@code /api/health} can say that the store is failing and why (a full disk), and that it recovered.
 */
public final class StoreAccess implements AutoCloseable {

    private final CoordinatorStore store;
    private final WorkerExecutor writer;
    private final WorkerExecutor readers;
    private final java.time.Clock clock;
    /** The first failure of the current run of failed writes; null while writes succeed. */
    private final java.util.concurrent.atomic.AtomicReference<Health> failing = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * The store's health as its writes found it.
     *
     * @param failing true while the latest write failed
     * @param reason  the first failure's message of the current run of failures, else null
     * @param since   when that run began, else null
     * @param failures writes failed in the current run
     */
    public record Health(boolean failing, String reason, java.time.Instant since, long failures) {
        static final Health OK = new Health(false, null, null, 0);
    }

    public StoreAccess(Vertx vertx, CoordinatorStore store) {
        this(vertx, store, java.time.Clock.systemUTC());
    }

    public StoreAccess(Vertx vertx, CoordinatorStore store, java.time.Clock clock) {
        this.store = store;
        this.clock = clock;
        this.writer = vertx.createSharedWorkerExecutor("fleetbench-store-writer", 1);
        this.readers = vertx.createSharedWorkerExecutor("fleetbench-store-reader", 2);
    }

    public <T> Future<T> write(Function<CoordinatorStore, T> op) {
        return writer.executeBlocking(() -> {
            try {
                T result = op.apply(store);
                failing.set(null);
                return result;
            } catch (RuntimeException e) {
                failing.updateAndGet(h -> h == null ? new Health(true, String.valueOf(e.getMessage()), clock.instant(), 1)
                        : new Health(true, h.reason(), h.since(), h.failures() + 1));
                throw e;
            }
        }, true);
    }

    /** How the latest writes went. */
    public Health health() {
        Health h = failing.get();
        return h == null ? Health.OK : h;
    }

    public <T> Future<T> read(Function<CoordinatorStore, T> op) {
        return readers.executeBlocking(call(op), false);
    }

    private <T> Callable<T> call(Function<CoordinatorStore, T> op) {
        return () -> op.apply(store);
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }
}
