package dev.fleetbench.coordinator.app;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;

/**
 * Group commit on the store's single writer. Each transaction has a fixed cost (statements, commit), so while one
 * write runs, the items that arrive wait and then go together in one call of {@code writeAll}; a lone item goes at
 * once. A busy fleet's writes share transactions instead of queueing one by one past the workers' reply timeout.
 * A group that fails is tried again item by item ({@code writeOne}), so a bad item fails alone.
 * Confined to the coordinator's event loop.
 *
 * @param <S> the store concerns the writes use
 * @param <T> what is written (a sample batch, a worker row)
 * @param <R> what one item's write answers
 */
final class GroupCommit<S, T, R> {

    private final StoreAccess<S> store;
    private final BiFunction<? super S, List<T>, List<R>> writeAll;
    private final BiFunction<? super S, T, R> writeOne;
    private final ToIntFunction<T> weight;
    private final int maxWeight;
    private final ArrayDeque<Waiting<T, R>> waiting = new ArrayDeque<>();
    private boolean writing;

    private record Waiting<T, R>(T item, Promise<R> result) {
    }

    /**
     * @param writeAll  writes a group in one transaction, one answer per item in order; all or nothing
     * @param writeOne  writes one item (after its group failed)
     * @param weight    an item's share of a group (samples of a batch, 1 for a row)
     * @param maxWeight most weight in one group (an item heavier than that still goes, alone)
     */
    GroupCommit(StoreAccess<S> store, BiFunction<? super S, List<T>, List<R>> writeAll,
                BiFunction<? super S, T, R> writeOne, ToIntFunction<T> weight, int maxWeight) {
        this.store = store;
        this.writeAll = writeAll;
        this.writeOne = writeOne;
        this.weight = weight;
        this.maxWeight = maxWeight;
    }

    /** Completes once the item's transaction committed, with its answer; fails with the store's error. */
    Future<R> write(T item) {
        Promise<R> result = Promise.promise();
        waiting.add(new Waiting<>(item, result));
        writeWaiting();
        return result.future();
    }

    /** Items waiting for the writer now (not counting the group being written). */
    int waiting() {
        return waiting.size();
    }

    private void writeWaiting() {
        if (writing || waiting.isEmpty()) {
            return;
        }
        List<Waiting<T, R>> group = new ArrayList<>();
        int total = 0;
        while (!waiting.isEmpty() && (group.isEmpty() || total + weight.applyAsInt(waiting.peek().item()) <= maxWeight)) {
            Waiting<T, R> w = waiting.poll();
            group.add(w);
            total += weight.applyAsInt(w.item());
        }
        writing = true;
        List<T> items = group.stream().map(Waiting::item).toList();
        store.write(s -> writeAll.apply(s, items)).onComplete(ar -> {
            if (ar.succeeded()) {
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).result().complete(ar.result().get(i));
                }
                written();
            } else if (group.size() == 1) {
                group.get(0).result().fail(ar.cause());
                written();
            } else {
                writeOneByOne(group, 0);
            }
        });
    }

    private void writeOneByOne(List<Waiting<T, R>> group, int i) {
        if (i == group.size()) {
            written();
            return;
        }
        Waiting<T, R> w = group.get(i);
        store.write(s -> writeOne.apply(s, w.item())).onComplete(ar -> {
            if (ar.succeeded()) {
                w.result().complete(ar.result());
            } else {
                w.result().fail(ar.cause());
            }
            writeOneByOne(group, i + 1);
        });
    }

    private void written() {
        writing = false;
        writeWaiting();
    }
}
