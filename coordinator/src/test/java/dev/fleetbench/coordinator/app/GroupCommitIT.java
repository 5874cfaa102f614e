package dev.fleetbench.coordinator.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.domain.fleet.Fleet;
import dev.fleetbench.coordinator.domain.leases.WorkQueue;
import dev.fleetbench.coordinator.store.CoordinatorStore;
import dev.fleetbench.coordinator.store.DuckDbStore;
import dev.fleetbench.coordinator.store.StoreException;
import dev.fleetbench.coordinator.store.StoredWorker;
import dev.fleetbench.coordinator.testing.Machines;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sample batches and worker registrations that arrive while the store's writer is busy are stored together in one
 * transaction (group commit), each with its own answer; a group that fails is tried item by item, so a bad one fails
 * alone. A registration storm (a whole fleet at once) is answered in a few transactions, and after a restart the
 * coordinator knows every worker it welcomed.
 */
@ExtendWith(VertxExtension.class)
class GroupCommitIT {

    @TempDir
    Path dir;
    private DuckDbStore real;
    private StoreAccess<CoordinatorStore> access;
    private CoordinatorService service;
    /** Sizes of the groups the service handed to ingestAll, in order. */
    private final List<Integer> groups = new CopyOnWriteArrayList<>();
    /** Sizes of the groups of worker rows the service handed to upsertWorkers, in order. */
    private final List<Integer> workerGroups = new CopyOnWriteArrayList<>();
    private Vertx vertx;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        real = DuckDbStore.open(dir.resolve("fleetbench.duckdb"));
        // The real store, except that a batch holding a sample whose id starts with "poison" cannot be stored.
        CoordinatorStore store = (CoordinatorStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CoordinatorStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("ingestAll")) {
                        @SuppressWarnings("unchecked")
                        List<List<Sample>> batches = (List<List<Sample>>) args[0];
                        groups.add(batches.size());
                        batches.forEach(GroupCommitIT::refusePoison);
                    } else if (method.getName().equals("ingest")) {
                        @SuppressWarnings("unchecked")
                        List<Sample> batch = (List<Sample>) args[0];
                        refusePoison(batch);
                    } else if (method.getName().equals("upsertWorkers")) {
                        @SuppressWarnings("unchecked")
                        List<StoredWorker> rows = (List<StoredWorker>) args[0];
                        workerGroups.add(rows.size());
                        if (rows.stream().anyMatch(w -> w.registration().workerId().startsWith("poison"))) {
                            throw new StoreException("cannot store the poison worker", null);
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        access = new StoreAccess<>(vertx, store);
        start();
    }

    /** A coordinator service as after a (re)start: fresh fleet and queue, restored from the store. */
    private void start() throws Exception {
        Clock clock = Clock.systemUTC();
        Events events = new Events(vertx.eventBus());
        Fleet fleet = new Fleet(clock, CoordinatorSettings.DEFAULTS.missingAfter(), CoordinatorSettings.DEFAULTS.goneAfter());
        WorkQueue queue = new WorkQueue(clock, CoordinatorSettings.DEFAULTS.leaseTtl(), 3, () -> "l-1");
        Campaigns campaigns = new Campaigns(clock, ZoneOffset.UTC, access.narrow(s -> new Campaigns.Stores(s, s, s)),
                events, fleet, queue, () -> "x");
        service = new CoordinatorService(clock, CoordinatorSettings.DEFAULTS,
                access.narrow(s -> new CoordinatorService.Stores(s, s, s, s)), events, fleet, queue, campaigns);
        onContext(() -> List.of(campaigns.restore())).get(0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
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
        return new SampleBatch(Protocol.VERSION, "w-1", id, samples, null);
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
        return onContext(() -> batches.stream().map(service::samples).toList());
    }

    /** Registers the workers in one go on the service's context; the answers once all completed. */
    private List<Future<RegisterReply>> register(List<String> workerIds) throws Exception {
        return onContext(() -> workerIds.stream().map(id -> service.register(registration(id))).toList());
    }

    /** Calls the service on one context (the coordinator's event loop) and waits until every future completed. */
    private <T> List<Future<T>> onContext(Supplier<List<Future<T>>> calls) throws Exception {
        Promise<List<Future<T>>> sent = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> sent.complete(calls.get()));
        List<Future<T>> done = sent.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Future.join(done).toCompletionStage().toCompletableFuture().exceptionally(e -> null).get(60, TimeUnit.SECONDS);
        return done;
    }

    private static RegisterRequest registration(String workerId) {
        return new RegisterRequest(Protocol.VERSION, workerId, "0.1.0", Fixtures.intelDesktop(),
                new EngineDescriptor("simulated", "1"), List.of(Machines.STORIES), List.of(), Map.of("room", "a"));
    }

    private static List<String> workerIds(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format(Locale.ROOT, "%s%04d", prefix, i)).toList();
    }

    @Test
    void aThousandWorkersRegisteringAtOnceAreAllWelcomedInAFewTransactions() throws Exception {
        List<Future<RegisterReply>> replies = register(workerIds("w-", 1000));

        assertThat(replies).allMatch(f -> f.succeeded() && f.result().accepted());
        assertThat(replies.get(999).result().message()).isEqualTo("welcome w-0999");
        assertThat(workerGroups).as("the first row goes alone, the 999 that waited go together").containsExactly(1, 999);
        assertThat(real.workers()).hasSize(1000);
    }

    @Test
    void afterARestartEveryWelcomedWorkerIsKnownAndWelcomedBack() throws Exception {
        register(workerIds("w-", 50));
        start();

        List<Future<RegisterReply>> again = register(workerIds("w-", 50));
        assertThat(again).allMatch(f -> f.succeeded() && f.result().message().startsWith("welcome back "));
        assertThat(real.workers()).hasSize(50);
    }

    @Test
    void aRegistrationThatCannotBeStoredFailsAloneAndTheOthersAreWelcomed() throws Exception {
        List<Future<RegisterReply>> replies = register(List.of("w-first", "w-a", "poison-1", "w-b"));

        assertThat(replies.get(2).failed()).isTrue();
        assertThat(replies.get(2).cause()).hasMessageContaining("poison");
        assertThat(List.of(replies.get(0), replies.get(1), replies.get(3))).allMatch(f -> f.succeeded()
                && f.result().accepted());
        assertThat(workerGroups).as("alone, the group of three that failed, then one by one").containsExactly(1, 3, 1, 1, 1);
        assertThat(real.workers()).extracting(w -> w.registration().workerId()).containsExactly("w-a", "w-b", "w-first");
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
