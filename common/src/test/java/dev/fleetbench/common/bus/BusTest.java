package dev.fleetbench.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.LeaseFinishedAck;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Message;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.common.protocol.Wire;
import dev.fleetbench.common.testing.Samples;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records on one event bus: a request names its reply's class once and gets that record back; a peer that sends JSON
 * text is answered in text; a record of the wrong type or version is refused with the reason and counted.
 */
class BusTest {

    private static final int V = Protocol.VERSION;
    private static final String ADDRESS = "fleetbench.test.samples";
    private Vertx vertx;
    private final AtomicLong rejected = new AtomicLong();
    private final CompletableFuture<SampleBatch> received = new CompletableFuture<>();

    @BeforeEach
    void consume() throws Exception {
        vertx = Vertx.vertx();
        Bus.consume(vertx.eventBus(), ADDRESS, SampleBatch.class, b -> {
            received.complete(b);
            return Future.succeededFuture(new BatchAck(V, b.batchId(), b.samples().size(), 0, 0));
        }, rejected).completion().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aRequestGetsItsTypedReplyAndTheHandlerTheRecord() throws Exception {
        SampleBatch batch = new SampleBatch(V, "w-1", "b-1", List.of(Samples.ok("m", "p", 10, 5, 4)), "s");
        BatchAck ack = await(Bus.request(vertx.eventBus(), ADDRESS, batch, BatchAck.class, 30_000));
        assertThat(ack).isEqualTo(new BatchAck(V, "b-1", 1, 0, 0));
        assertThat(received.get(30, TimeUnit.SECONDS)).isSameAs(batch);
        assertThat(rejected).hasValue(0);
    }

    @Test
    void aPeerThatSendsTextIsAnsweredInText() throws Exception {
        SampleBatch batch = new SampleBatch(V, "w-1", "b-2", List.of(), "s");
        Object reply = await(vertx.eventBus().request(ADDRESS, Wire.encode(batch))).body();
        assertThat(reply).isInstanceOf(String.class);
        assertThat(Wire.decode(reply, BatchAck.class)).isEqualTo(new BatchAck(V, "b-2", 0, 0, 0));
        assertThat(Json.mapper().readTree((String) reply).get("type").asText()).isEqualTo("batch-ack");
    }

    @Test
    void aRecordOfTheWrongTypeOrVersionIsRefusedWithTheReasonAndCounted() {
        ReplyException wrongType = refusal(new LeaseRequest(V, "w-1", "s"));
        assertThat(wrongType.failureCode()).isEqualTo(Bus.REJECTED);
        assertThat(wrongType.getMessage()).isEqualTo("expected a 'sample-batch' message, got 'lease-request'");
        ReplyException future = refusal(new SampleBatch(V + 1, "w-1", "b-3", List.of(), "s"));
        assertThat(future.failureCode()).isEqualTo(Bus.VERSION_MISMATCH);
        assertThat(future.getMessage()).isEqualTo("peer speaks protocol version " + (V + 1) + ", this side speaks " + V);
        assertThat(rejected).hasValue(2);
        assertThat(received).isNotDone();
    }

    @Test
    void aReplyOfAnotherTypeFailsTheRequest() {
        SampleBatch batch = new SampleBatch(V, "w-1", "b-4", List.of(), "s");
        assertThat(Bus.request(vertx.eventBus(), ADDRESS, batch, LeaseFinishedAck.class, 30_000)
                .toCompletionStage().toCompletableFuture())
                .failsWithin(30, TimeUnit.SECONDS).withThrowableThat()
                .withMessageContaining("expected a 'lease-finished-ack' message, got 'batch-ack'");
    }

    private ReplyException refusal(Message body) {
        try {
            await(Bus.request(vertx.eventBus(), ADDRESS, body, BatchAck.class, 30_000));
        } catch (ExecutionException e) {
            return (ReplyException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + body);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
