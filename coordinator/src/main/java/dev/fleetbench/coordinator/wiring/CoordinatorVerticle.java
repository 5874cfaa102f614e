package dev.fleetbench.coordinator.wiring;

import dev.fleetbench.coordinator.app.BlindPairs;
import dev.fleetbench.coordinator.app.Campaigns;
import dev.fleetbench.coordinator.app.CoordinatorConfig;
import dev.fleetbench.coordinator.app.CoordinatorMetrics;
import dev.fleetbench.coordinator.app.CoordinatorService;
import dev.fleetbench.coordinator.app.FleetAdmin;
import dev.fleetbench.coordinator.app.CoordinatorSettings;
import dev.fleetbench.coordinator.app.Events;
import dev.fleetbench.coordinator.app.Federation;
import dev.fleetbench.coordinator.app.ResultsService;
import dev.fleetbench.coordinator.app.StoreAccess;
import dev.fleetbench.coordinator.bus.BusGateway;
import dev.fleetbench.coordinator.bus.RegistrationGuard;
import dev.fleetbench.coordinator.bus.WorkerSessions;
import dev.fleetbench.coordinator.domain.fleet.Fleet;
import dev.fleetbench.coordinator.domain.leases.WorkQueue;
import dev.fleetbench.coordinator.http.HttpApi;
import dev.fleetbench.coordinator.store.CoordinatorStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The coordinator: wires the domain (fleet, work queue, campaigns) to the store, the worker protocol and the REST
 * API, all confined to this verticle's event loop. Start: migrate the store, restore campaigns, listen to workers,
 * then serve HTTP.
 */
public final class CoordinatorVerticle extends VerticleBase {

    private final CoordinatorConfig config;
    private final CoordinatorStore store;
    private final Clock clock;
    private final String version;
    private StoreAccess<CoordinatorStore> storeAccess;
    private HttpServer server;
    private BusGateway gateway;

    public CoordinatorVerticle(CoordinatorConfig config, CoordinatorStore store, Clock clock, String version) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.version = version;
    }

    @Override
    public Future<?> start() {
        CoordinatorSettings s = config.settings();
        storeAccess = new StoreAccess<>(vertx, store);
        Events events = new Events(vertx.eventBus());
        Fleet fleet = new Fleet(clock, s.missingAfter(), s.goneAfter(), config.autoApprove());
        WorkQueue queue = new WorkQueue(clock, s.leaseTtl(), s.maxAttempts(), () -> "l-" + shortId());
        Campaigns campaigns = new Campaigns(clock, ZoneId.systemDefault(),
                storeAccess.narrow(st -> new Campaigns.Stores(st, st, st)), events, fleet, queue,
                CoordinatorVerticle::shortId);
        CoordinatorService service = new CoordinatorService(clock, s,
                storeAccess.narrow(st -> new CoordinatorService.Stores(st, st, st, st)), events, fleet, queue,
                campaigns);
        CoordinatorMetrics metrics = new CoordinatorMetrics(fleet, campaigns::progressAll,
                () -> gateway == null ? 0 : gateway.rejected());
        service.metrics(metrics);
        return storeAccess.write(st -> {
            st.migrate();
            return null;
        }).compose(v -> campaigns.restore())
                .compose(v -> service.restoreEnrollments())
                .compose(v -> service.restoreLeases(campaigns.all().stream()
                        .filter(c -> c.state() == dev.fleetbench.coordinator.store.CampaignState.RUNNING)
                        .map(c -> c.id()).toList()))
                .compose(v -> BusGateway.register(vertx.eventBus(), service, new RegistrationGuard(
                        config.cluster().security().secret(), config.cluster().clusterName(), clock),
                        new WorkerSessions(clock, s.heartbeatInterval().multipliedBy(3), new java.security.SecureRandom())))
                .compose(g -> {
                    gateway = g;
                    vertx.setPeriodic(s.tick().toMillis(), id -> service.tick());
                    return new HttpApi(vertx, fleet, campaigns, storeAccess.narrow(st -> new HttpApi.Stores(st, st)),
                            config.token(), g::rejected, version,
                            new ResultsService(campaigns,
                                    storeAccess.narrow(st -> new ResultsService.Stores(st, st, st, st, st, st))),
                            new BlindPairs(storeAccess.narrow(st -> new BlindPairs.Stores(st, st)), clock,
                                    new Random()),
                            clock, metrics::scrape, config.http().protectReads(), hostNames(),
                            new FleetAdmin(fleet, storeAccess.narrow(st -> st), events),
                            new Federation(clock, campaigns,
                                    storeAccess.narrow(st -> new Federation.Stores(st, st, st, st, st)), fleet))
                            .listen(config.httpHost(), config.httpPort(), config.http().headTimeout());
                }).onSuccess(srv -> server = srv);
    }

    /** Names browsers may use for this coordinator besides IP literals and localhost (DNS rebinding guard). */
    private List<String> hostNames() {
        List<String> names = new ArrayList<>(config.http().allowedHosts());
        names.add(config.httpHost());
        try {
            java.net.InetAddress local = java.net.InetAddress.getLocalHost();
            names.add(local.getHostName());
            names.add(local.getCanonicalHostName());
        } catch (java.io.IOException e) {
            // no name for this machine: addresses and the configured names still work
        }
        return names;
    }

    /** The port the API listens on (useful with port 0). */
    public int httpPort() {
        return server.actualPort();
    }

    public long rejectedMessages() {
        return gateway == null ? 0 : gateway.rejected();
    }

    @Override
    public Future<?> stop() {
        Future<?> closing = server == null ? Future.succeededFuture() : server.close();
        return closing.eventually(() -> {
            if (storeAccess != null) {
                storeAccess.close();
            }
            return Future.succeededFuture();
        });
    }

    static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
