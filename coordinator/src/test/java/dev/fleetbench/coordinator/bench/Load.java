package dev.fleetbench.coordinator.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A closed load loop on one Vert.x context: keeps {@code inFlight} operations going until {@code total} were issued
 * or {@code max} has passed (bounded in count and in time), and records each operation's latency.
 */
final class Load {

    private Load() {
    }

    /** What one loop measured. Latencies are sorted, in nanoseconds. */
    record Result(int completed, int failed, long elapsedNanos, long[] latencies, String firstFailure) {

        double perSecond() {
            return completed / (elapsedNanos / 1e9);
        }

        double seconds() {
            return elapsedNanos / 1e9;
        }

        /** Nearest-rank percentile in milliseconds. */
        double pctMs(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * latencies.length);
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
        }

        String latencyText() {
            return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", pctMs(50),
                    pctMs(90), pctMs(99), pctMs(100));
        }

        /** Fails loudly: a benchmark whose operations failed measured something else. */
        Result requireNoFailure(String what) {
            if (failed > 0) {
                throw new IllegalStateException(what + ": " + failed + " of " + (completed + failed)
                        + " operations failed, the first with: " + firstFailure);
            }
            return this;
        }
    }

    /**
     * Runs {@code op(i)} for i = 0, 1, … with at most {@code inFlight} outstanding, until {@code total} were issued or
     * {@code max} has passed; blocks the calling (non-Vert.x) thread until the last one completed.
     */
    static Result run(Vertx vertx, int total, int inFlight, Duration max, IntFunction<Future<?>> op) throws Exception {
        Context context = vertx.getOrCreateContext();
        Promise<Result> done = Promise.promise();
        context.runOnContext(v -> new Loop(total, inFlight, max, op, done).start());
        return done.future().toCompletionStage().toCompletableFuture()
                .get(max.toMillis() + 60_000, TimeUnit.MILLISECONDS);
    }

    /** Confined to one context. */
    private static final class Loop {
        private final int total;
        private final int inFlight;
        private final IntFunction<Future<?>> op;
        private final Promise<Result> done;
        private final long[] latencies;
        private final long start = System.nanoTime();
        private final long deadline;
        private int issued;
        private int completed;
        private int failed;
        private int outstanding;
        private String firstFailure;

        Loop(int total, int inFlight, Duration max, IntFunction<Future<?>> op, Promise<Result> done) {
            this.total = total;
            this.inFlight = inFlight;
            this.op = op;
            this.done = done;
            this.latencies = new long[total];
            this.deadline = start + max.toNanos();
        }

        void start() {
            for (int i = 0; i < inFlight; i++) {
                next();
            }
            finishIfIdle();
        }

        private void next() {
            if (issued >= total || System.nanoTime() > deadline) {
                return;
            }
            int i = issued++;
            outstanding++;
            long t0 = System.nanoTime();
            Future<?> f;
            try {
                f = op.apply(i);
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                outstanding--;
                if (ar.succeeded()) {
                    latencies[completed++] = System.nanoTime() - t0;
                } else {
                    failed++;
                    if (firstFailure == null) {
                        firstFailure = String.valueOf(ar.cause());
                    }
                }
                next();
                finishIfIdle();
            });
        }

        private void finishIfIdle() {
            if (outstanding == 0 && !done.future().isComplete()) {
                long[] sorted = Arrays.copyOf(latencies, completed);
                Arrays.sort(sorted);
                done.complete(new Result(completed, failed, System.nanoTime() - start, sorted, firstFailure));
            }
        }
    }
}
