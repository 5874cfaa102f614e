package dev.fleetbench.worker.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.testing.Samples;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that takes its time to flush (a stand-in that waits on a latch): the outbox's readers, which the event loop
 * calls for every heartbeat, answer at once with what is durable, while the append waits for the disk.
 */
class OutboxSlowDiskTest {

    @TempDir
    Path dir;
    private final ExecutorService measuring = Executors.newSingleThreadExecutor();
    private final CountDownLatch flushing = new CountDownLatch(1);
    private final CountDownLatch diskDone = new CountDownLatch(1);
    private final AtomicBoolean slow = new AtomicBoolean();

    @AfterEach
    void release() {
        diskDone.countDown();
        measuring.shutdownNow();
    }

    private static Sample sample(String lease) {
        return Samples.ok("m", "p", 10, 5, 3).withPlacement("c1", "cell-1", lease, "w1");
    }

    /** Forces like a real disk, after the test lets it when the slow disk is on. */
    private Outbox.Flush slowDisk() {
        return ch -> {
            if (slow.get()) {
                flushing.countDown();
                try {
                    if (!diskDone.await(60, TimeUnit.SECONDS)) {
                        throw new java.io.IOException("the test never let the disk finish");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while flushing");
                }
            }
            ch.force(true);
        };
    }

    @Test
    void readersAnswerAtOnceWhileAnAppendWaitsForTheDisk() throws Exception {
        Outbox box = Outbox.open(dir, slowDisk());
        Sample stored = sample("l1");
        box.append(stored);
        slow.set(true);
        Sample waiting = sample("l1");
        Future<?> append = measuring.submit(() -> {
            box.append(waiting);
            return null;
        });
        assertThat(flushing.await(30, TimeUnit.SECONDS)).as("the append reached the disk flush").isTrue();

        // what the event loop reads for a heartbeat and a batch, from another thread, with a deadline
        CompletableFuture<List<Object>> reads = CompletableFuture.supplyAsync(() -> List.of(box.size(),
                box.pendingFor("l1"), box.peek(10)));
        assertThat(reads.get(10, TimeUnit.SECONDS)).as("only the durable sample is seen")
                .containsExactly(1, 1, List.of(stored));
        assertThat(append).as("the append still waits for the disk").isNotDone();

        diskDone.countDown();
        append.get(30, TimeUnit.SECONDS);
        assertThat(box.size()).isEqualTo(2);
        assertThat(box.pendingFor("l1")).isEqualTo(2);
        assertThat(box.peek(10)).containsExactly(stored, waiting);
        assertThat(Outbox.open(dir).peek(10)).as("both are on disk").containsExactly(stored, waiting);
    }

    @Test
    void aRemovedSampleIsGoneForReadersAndItsLeaseCountDrops() throws Exception {
        Outbox box = Outbox.open(dir, slowDisk());
        Sample a = sample("l1");
        Sample b = sample("l2");
        box.append(a);
        box.append(b);
        box.remove(List.of(a.id()));
        assertThat(box.pendingFor("l1")).isZero();
        assertThat(box.pendingFor("l2")).isEqualTo(1);
        assertThat(box.size()).isEqualTo(1);
        assertThat(box.peek(10)).containsExactly(b);
    }
}
