package dev.fleetbench.coordinator.app;

import dev.fleetbench.coordinator.store.CoordinatorStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Runs store calls off the event loop: writes on one ordered thread (one writer, so a campaign's state is written
 * after its cells, and ingestion is serial), reads on a small pool.
 */
public final class StoreAccess implements AutoCloseable {

    private final CoordinatorStore store;
    private final WorkerExecutor writer;
    private final WorkerExecutor readers;

    public StoreAccess(Vertx vertx, CoordinatorStore store) {
        this.store = store;
        this.writer = vertx.createSharedWorkerExecutor("fleetbench-store-writer", 1);
        this.readers = vertx.createSharedWorkerExecutor("fleetbench-store-reader", 2);
    }

    public <T> Future<T> write(Function<CoordinatorStore, T> op) {
        return writer.executeBlocking(call(op), true);
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
