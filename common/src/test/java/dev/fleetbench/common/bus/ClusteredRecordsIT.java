package dev.fleetbench.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.common.protocol.Wire;
import dev.fleetbench.common.testing.Samples;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Records between two real cluster members on loopback (a coordinator-style member and a lite member): they cross the
 * wire through their codecs both ways and arrive equal; a record of another protocol version is refused by the
 * receiving member with both versions named; text from a peer without the codecs is still understood and answered.
 */
class ClusteredRecordsIT {

    private static final int V = Protocol.VERSION;
    private static final String ADDRESS = "fleetbench.test.clustered-samples";

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void recordsCrossTheWireIntactAndAnotherVersionIsRefused() throws Exception {
        String name = "records-" + System.nanoTime();
        int port = Clustering.freePort(ClusterSettings.LOOPBACK);
        Vertx coordinator = await(Clustering.start(ClusterSettings.coordinator(name, ClusterSettings.LOOPBACK, port,
                List.of())));
        Vertx worker = null;
        try {
            List<SampleBatch> received = new CopyOnWriteArrayList<>();
            AtomicLong rejected = new AtomicLong();
            await(Bus.consume(coordinator.eventBus(), ADDRESS, SampleBatch.class, b -> {
                received.add(b);
                return Future.succeededFuture(new BatchAck(V, b.batchId(), b.samples().size(), 0, 0));
            }, rejected).completion());
            worker = await(Clustering.start(ClusterSettings.worker(name, ClusterSettings.LOOPBACK,
                    List.of(ClusterSettings.LOOPBACK + ":" + port))));

            SampleBatch batch = new SampleBatch(V, "w-1", "b-1", List.of(Samples.ok("m", "p", 10, 5, 4),
                    Samples.ok("m", "p", 12, 6, 4)), "s");
            BatchAck ack = await(Bus.request(worker.eventBus(), ADDRESS, batch, BatchAck.class, 30_000));
            assertThat(ack).isEqualTo(new BatchAck(V, "b-1", 2, 0, 0));
            assertThat(received).singleElement().isEqualTo(batch).isNotSameAs(batch);

            Vertx w = worker;
            try {
                await(Bus.request(w.eventBus(), ADDRESS, new SampleBatch(V + 1, "w-1", "b-2", List.of(), "s"),
                        BatchAck.class, 30_000));
                throw new AssertionError("a record of another version was accepted");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(ReplyException.class, r -> assertThat(r.failureCode())
                        .isEqualTo(Bus.VERSION_MISMATCH))
                        .hasMessage("peer speaks protocol version " + (V + 1) + ", this side speaks " + V);
            }
            try {
                await(Bus.request(w.eventBus(), ADDRESS, new LeaseRequest(V, "w-1", "s"), BatchAck.class, 30_000));
                throw new AssertionError("a record of another type was accepted");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(ReplyException.class, r -> assertThat(r.failureCode())
                        .isEqualTo(Bus.REJECTED))
                        .hasMessage("expected a 'sample-batch' message, got 'lease-request'");
            }
            assertThat(rejected).hasValue(2);

            Object text = await(w.eventBus().request(ADDRESS, Wire.encode(new SampleBatch(V, "w-1", "b-3", List.of(),
                    "s")))).body();
            assertThat(Wire.decode(text, BatchAck.class)).isEqualTo(new BatchAck(V, "b-3", 0, 0, 0));
            assertThat(received).hasSize(2);
        } finally {
            if (worker != null) {
                worker.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            coordinator.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
