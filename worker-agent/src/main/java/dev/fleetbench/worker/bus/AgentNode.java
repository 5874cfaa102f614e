package dev.fleetbench.worker.bus;

import dev.fleetbench.common.bus.ClusterPorts;
import dev.fleetbench.common.bus.ClusterSecurity;
import dev.fleetbench.common.bus.ClusterSettings;
import dev.fleetbench.common.bus.Clustering;
import dev.fleetbench.common.log.LogLine;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.worker.app.LeaseRunner;
import dev.fleetbench.worker.app.MachineState;
import dev.fleetbench.worker.outbox.Outbox;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's membership of the cluster: joins (retrying while no coordinator answers), deploys the agent, and when
 * the coordinator has been silent for a while leaves and joins again. A restarted coordinator is a new member with a
 * new identity; the workers it left behind form a cluster of lite members that cannot heal itself, while a fresh
 * join always can. The measuring thread and the outbox carry on through all of this.
 */
public final class AgentNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("fleetbench.worker");

    private final ClusterSettings cluster;
    private final String workerId;
    private final Supplier<RegisterRequest> registration;
    private final Outbox outbox;
    private final LeaseRunner runner;
    private final MachineState machine;
    private final AgentSettings settings;
    private final AgentState state = new AgentState();
    private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(r -> new Thread(r, "fleetbench-agent-node"));
    private final CompletableFuture<Void> firstJoin = new CompletableFuture<>();
    private volatile Vertx vertx;
    private volatile boolean closed;

    public AgentNode(ClusterSettings cluster, String workerId, Supplier<RegisterRequest> registration, Outbox outbox,
                     LeaseRunner runner, MachineState machine, AgentSettings settings) {
        this.cluster = cluster;
        this.workerId = workerId;
        this.registration = registration;
        this.outbox = outbox;
        this.runner = runner;
        this.machine = machine;
        this.settings = settings;
    }

    /**
     * Joins and registers. The future completes once registered, and fails only when the coordinator refuses this
     * worker (another protocol version, invalid registration): waiting longer would not help then.
     */
    public CompletableFuture<Void> start() {
        lifecycle.execute(this::join);
        return firstJoin;
    }

    /**
     * Changes what this worker registers with once it is idle, then registers again (see
     * {@link AgentVerticle#changeRegistrationWhenIdle}); kept across rejoins. Thread-safe.
     */
    public void changeRegistrationWhenIdle(Runnable change) {
        state.changeRegistration(change);
        state.wake();
    }

    /** The ports this worker listens on now; null while it is not joined. */
    public ClusterPorts boundPorts() {
        Vertx v = vertx;
        try {
            return v == null ? null : Clustering.boundPorts(v);
        } catch (RuntimeException e) {
            return null; // leaving or rejoining at this moment
        }
    }

    private void join() {
        long backoff = 1000;
        while (!closed) {
            Vertx v = null;
            try {
                v = Clustering.start(cluster).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                AgentVerticle agent = new AgentVerticle(workerId, registration, outbox, runner, machine, settings, state,
                        () -> lifecycle.execute(this::rejoin));
                v.deployVerticle(agent).toCompletionStage().toCompletableFuture()
                        .get(settings.busTimeout().toSeconds() + 30, TimeUnit.SECONDS);
                vertx = v;
                firstJoin.complete(null);
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AgentVerticle.RefusedException refused) {
                    close(v);
                    firstJoin.completeExceptionally(refused);
                    return;
                }
                LOG.warn(LogLine.event("worker.no_coordinator", "worker", workerId, "members",
                        String.join(",", cluster.members()), "error", e.getCause().getMessage(), "retry_s", backoff / 1000,
                        "hint", securityHint()));
            } catch (Exception e) {
                LOG.warn(LogLine.event("worker.join_failed", "worker", workerId, "error", e.toString(), "retry_s",
                        backoff / 1000));
            }
            close(v);
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = Math.min(backoff * 2, 15_000);
        }
    }

    /**
     * A coordinator with a cluster secret or TLS looks, to a worker that lacks them, exactly like no coordinator at
     * all (another Hazelcast cluster, or a refused TLS handshake): say what to check.
     */
    private String securityHint() {
        ClusterSecurity s = cluster.security();
        if (s.secret() == null) {
            return "if the coordinator runs with a cluster secret, start this worker with the same one:"
                    + " FLEETBENCH_CLUSTER_SECRET or --cluster-secret-file";
        }
        return "check that this worker's cluster secret is the coordinator's" + (s.tls() == null ? ""
                : " and that each trusts the other's TLS certificate");
    }

    private void rejoin() {
        Vertx old = vertx;
        vertx = null;
        close(old);
        join();
    }

    private static void close(Vertx v) {
        if (v != null) {
            try {
                v.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                // leaving is best effort: Hazelcast notices a vanished member by itself
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        state.cancel.set(true);
        lifecycle.shutdownNow();
        close(vertx);
    }
}
