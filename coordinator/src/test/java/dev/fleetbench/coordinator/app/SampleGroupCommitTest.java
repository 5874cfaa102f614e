package dev.fleetbench.coordinator.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.domain.fleet.Fleet;
import dev.fleetbench.coordinator.domain.leases.WorkQueue;
import dev.fleetbench.coordinator.store.CoordinatorStore;
import dev.fleetbench.coordinator.store.DuckDbStore;
import dev.fleetbench.coordinator.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sample batches that arrive while the store's writer is busy are stored together in one transaction (group
 * commit), each with its own acknowledgement; a group that fails is tried batch by batch, so a bad batch fails alone.
 */
@ExtendWith(VertxExtension.class)
class SampleGroupCommitTest {

    @TempDir
    Path dir;
    private DuckDbStore real;
    private StoreAccess access;
    private CoordinatorService service;
    /** Sizes of the groups the service handed to ingestAll, in order. */
    private final List<Integer> groups = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp(Vertx vertx) {
        real = DuckDbStore.open(dir.resolve("fleetbench.duckdb"));
        // The real store, except that a batch holding a sample whose id starts with "poison" cannot be stored.
        CoordinatorStore store = (CoordinatorStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CoordinatorStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("ingestAll")) {
                        @SuppressWarnings("unchecked")
                        List<List<Sample>> batches = (List<List<Sample>>) args[0];
                        groups.add(batches.size());
                        batches.forEach(SampleGroupCommitTest::refusePoison);
                    } else if (method.getName().equals("ingest")) {
                        @SuppressWarnings("unchecked")
                        List<Sample> batch = (List<Sample>) args[0];
                        refusePoison(batch);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Clock clock = Clock.systemUTC();
        access = new StoreAccess(vertx, store);
        Events events = new Events(vertx.eventBus());
        Fleet fleet = new Fleet(clock, CoordinatorSettings.DEFAULTS.missingAfter(), CoordinatorSettings.DEFAULTS.goneAfter());
        WorkQueue queue = new WorkQueue(clock, CoordinatorSettings.DEFAULTS.leaseTtl(), 3, () -> "l-1");
        Campaigns campaigns = new Campaigns(clock, ZoneOffset.UTC, access, events, fleet, queue, () -> "x");
        service = new CoordinatorService(clock, CoordinatorSettings.DEFAULTS, access, events, fleet, queue, campaigns);
    }

    @AfterEach
    void tearDown() {
        access.close();
        real.close();
    }

    private static void refusePoison(List<Sample> batch) {
        if (batch.stream().anyMatch(s -> s.id().startsWith("poison"))) {
            throw new StoreException("cannot store the poison sample", null);
        }
    }

    private static SampleBatch batch(String id, List<Sample> samples) {
        return new SampleBatch(Protocol.VERSION, "w-1", id, samples);
    }

    private static List<Sample> samples(int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Samples.ok("m", "p", 10.0, 2.0, 4).withPlacement("c1", null, null, "w-1"));
        }
        return out;
    }

    /** Hands the batches to the service in one go on its context (the coordinator's event loop). */
    private List<Future<BatchAck>> send(Vertx vertx, List<SampleBatch> batches) throws Exception {
        Promise<List<Future<BatchAck>>> sent = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> sent.complete(batches.stream().map(service::samples).toList()));
        List<Future<BatchAck>> acks = sent.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Future.join(acks).toCompletionStage().toCompletableFuture().exceptionally(e -> null).get(30, TimeUnit.SECONDS);
        return acks;
    }

    @Test
    void batchesThatWaitAreStoredTogetherEachWithItsOwnAck(Vertx vertx) throws Exception {
        List<Sample> a = samples(3);
        List<Sample> b = samples(2);
        List<Sample> c = new ArrayList<>(samples(1));
        c.add(b.get(0)); // a resend of a sample of batch b
        List<Future<BatchAck>> acks = send(vertx, List.of(batch("a", a), batch("b", b), batch("c", c),
                batch("b-again", b)));

        assertThat(acks).allMatch(Future::succeeded);
        assertThat(acks.stream().map(f -> List.of(f.result().batchId(), f.result().stored(), f.result().duplicates())))
                .containsExactly(List.of("a", 3, 0), List.of("b", 2, 0), List.of("c", 1, 1), List.of("b-again", 0, 2));
        assertThat(groups).as("the first batch goes alone, the three that waited go together").containsExactly(1, 3);
        assertThat(real.sampleCount("c1")).isEqualTo(6);
    }

    @Test
    void aBadBatchInAGroupFailsAloneAndTheOthersAreStored(Vertx vertx) throws Exception {
        List<Sample> bad = new ArrayList<>(samples(1));
        bad.add(Sample.builder("poison-1", "m", "p", SampleKind.MEASURED, 0).placement("c1", null, null, "w-1").ok());
        List<Future<BatchAck>> acks = send(vertx, List.of(batch("first", samples(2)), batch("bad", bad),
                batch("good", samples(4))));

        assertThat(acks.get(0).succeeded()).isTrue();
        assertThat(acks.get(1).failed()).isTrue();
        assertThat(acks.get(1).cause()).hasMessageContaining("poison");
        assertThat(acks.get(2).succeeded()).isTrue();
        assertThat(acks.get(2).result().stored()).isEqualTo(4);
        assertThat(groups).containsExactly(1, 2);
        assertThat(real.sampleCount("c1")).isEqualTo(6);
    }
}
