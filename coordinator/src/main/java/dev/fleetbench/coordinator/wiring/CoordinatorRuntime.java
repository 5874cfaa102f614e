package dev.fleetbench.coordinator.wiring;

import com.hazelcast.core.HazelcastInstance;
import dev.fleetbench.common.bus.Clustering;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.domain.leader.Election.Role;
import dev.fleetbench.coordinator.store.CoordinatorStore;
import dev.fleetbench.coordinator.store.DuckDbStore;
import dev.fleetbench.coordinator.store.PostgresStore;
import dev.fleetbench.coordinator.store.WriterLock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * A running coordinator process: the store, the clustered Vert.x (a full Hazelcast member) and the coordinator
 * verticle. Used by the {@code coordinator} command, the demo and the multi-process tests.
 *
 * <p>On DuckDB (one process's file) it must be the only coordinator of its cluster: it waits a few seconds for an
 * older coordinator to leave (a killed predecessor takes Hazelcast's failure detection to be noticed), and refuses to
 * start if one is still there. On PostgreSQL it starts as a standby and {@link LeadershipVerticle} makes it active
 * when it is the oldest coordinator and holds the store's writer lock: at once when it is alone, or when the active
 * one dies.
 */
public final class CoordinatorRuntime implements AutoCloseable {

    private final Vertx vertx;
    private final CoordinatorStore store;
    private final CoordinatorConfig config;
    private final String version;
    private volatile CoordinatorVerticle verticle;
    private volatile StandbyVerticle standby;
    private volatile LeadershipVerticle leadership;

    private CoordinatorRuntime(Vertx vertx, CoordinatorStore store, CoordinatorConfig config, String version) {
        this.vertx = vertx;
        this.store = store;
        this.config = config;
        this.version = version;
    }

    /**
     * Opens the store, joins (or forms) the cluster and deploys the coordinator; blocks until it serves HTTP, as the
     * active coordinator or (PostgreSQL) as a standby.
     */
    public static CoordinatorRuntime start(CoordinatorConfig requested, String version) throws Exception {
        // Resolve an ephemeral cluster port now, so workers can be told where to join.
        CoordinatorConfig config = requested.cluster().hazelcastPort() != 0 ? requested
                : requested.withCluster(requested.cluster().withHazelcastPort(Clustering.freePort(requested.cluster().host())));
        Files.createDirectories(config.dataDir());
        CoordinatorStore store = config.postgres() == null ? DuckDbStore.open(config.storeFile())
                : PostgresStore.connect(config.postgres());
        VertxOptions options = new VertxOptions().setFileSystemOptions(new FileSystemOptions()
                .setFileCacheDir(config.dataDir().resolve("vertx-cache").toString()));
        Vertx vertx;
        try {
            vertx = await(Clustering.start(config.cluster(), options));
        } catch (Exception e) {
            store.close();
            throw e;
        }
        CoordinatorRuntime runtime = new CoordinatorRuntime(vertx, store, config, version);
        try {
            if (store instanceof WriterLock fence) {
                runtime.startShared(fence);
            } else {
                runtime.startAlone();
            }
        } catch (Exception e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    private void startAlone() throws Exception {
        HazelcastInstance hz = Clustering.hazelcast(vertx);
        long grace = config.cluster().maxNoHeartbeat().toMillis() + 2_000;
        long deadline = System.nanoTime() + grace * 1_000_000;
        while (!LeadershipVerticle.isCandidate(hz) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (!LeadershipVerticle.isCandidate(hz)) {
            String other = LeadershipVerticle.candidateUrl(hz);
            throw new IllegalStateException("another coordinator" + (other == null ? "" : " (" + other + ")")
                    + " is already running in cluster '" + config.cluster().clusterName() + "'. The DuckDB store is"
                    + " one process's file, so this one will not start; to run a standby, give both coordinators one"
                    + " PostgreSQL store: --store postgresql://host:port/database (see docs/postgresql.md)");
        }
        await(activate(config.httpPort()));
        LeadershipVerticle.announce(hz, url());
    }

    private void startShared(WriterLock fence) throws Exception {
        HazelcastInstance hz = Clustering.hazelcast(vertx);
        Runnable fenceLost = () -> {
            System.err.println("fleetbench coordinator: lost the store's writer lock; stopping at once");
            Runtime.getRuntime().halt(3);
        };
        if (LeadershipVerticle.isCandidate(hz) && fence.tryLockWriter()) {
            // the only coordinator (or the oldest, its predecessor gone): active at once, no standby moment
            await(activate(config.httpPort()));
            LeadershipVerticle.announce(hz, url());
            leadership = new LeadershipVerticle(hz, fence, Role.ACTIVE, Future::succeededFuture, fenceLost, this::url);
            await(vertx.deployVerticle(leadership));
            return;
        }
        // fenced, this member is the candidate of its own side of a split: the active is out of its sight
        StandbyVerticle s = new StandbyVerticle(config.httpHost(), config.httpPort(), version,
                () -> LeadershipVerticle.activeUrl(hz) != null ? LeadershipVerticle.activeUrl(hz)
                        : fenced() ? null : LeadershipVerticle.candidateUrl(hz),
                () -> fenced() ? LeadershipVerticle.FENCED_DETAIL : null);
        String standbyId = await(vertx.deployVerticle(s));
        standby = s;
        LeadershipVerticle.announce(hz, url());
        int port = s.httpPort();
        leadership = new LeadershipVerticle(hz, fence, Role.STANDBY,
                () -> vertx.undeploy(standbyId).compose(v -> activate(port)), fenceLost, this::url);
        await(vertx.deployVerticle(leadership));
    }

    private boolean fenced() {
        LeadershipVerticle l = leadership;
        return l != null && l.fenced();
    }

    /** Deploys the coordinator verticle: migrate, restore from the store (the restart path), workers, HTTP. */
    private Future<Void> activate(int httpPort) {
        CoordinatorVerticle v = new CoordinatorVerticle(config.withHttpPort(httpPort), store,
                Clock.systemDefaultZone(), version);
        return vertx.deployVerticle(v).map(id -> {
            verticle = v;
            standby = null;
            return null;
        });
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Active, or standby (a PostgreSQL coordinator waiting to take over). */
    public Role role() {
        return verticle != null ? Role.ACTIVE : Role.STANDBY;
    }

    public int httpPort() {
        CoordinatorVerticle v = verticle;
        return v != null ? v.httpPort() : standby.httpPort();
    }

    /** The base URL of the REST API and UI. */
    public String url() {
        String host = config.httpHost().equals("0.0.0.0") ? "127.0.0.1" : config.httpHost();
        return "http://" + host + ":" + httpPort();
    }

    /** "host:port" that workers pass to {@code --join}. */
    public String joinAddress() {
        return config.cluster().host() + ":" + clusterPort();
    }

    public int clusterPort() {
        return config.cluster().hazelcastPort();
    }

    public CoordinatorStore store() {
        return store;
    }

    /** The clustered Vert.x this coordinator runs on (the benchmarks add their reference consumers to it). */
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() throws Exception {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } finally {
            store.close();
        }
    }
}
