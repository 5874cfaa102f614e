package dev.fleetbench.coordinator.wiring;

import dev.fleetbench.coordinator.http.StandbyApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import java.util.function.Supplier;

/** A standby coordinator's HTTP side ({@link StandbyApi}); undeployed when it takes over, freeing the port. */
final class StandbyVerticle extends VerticleBase {

    private final String host;
    private final int port;
    private final String version;
    private final Supplier<String> activeUrl;
    private final Supplier<String> detail;
    private volatile HttpServer server;

    StandbyVerticle(String host, int port, String version, Supplier<String> activeUrl, Supplier<String> detail) {
        this.host = host;
        this.port = port;
        this.version = version;
        this.activeUrl = activeUrl;
        this.detail = detail;
    }

    @Override
    public Future<?> start() {
        return new StandbyApi(vertx, version, activeUrl, detail).listen(host, port).onSuccess(s -> server = s);
    }

    int httpPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
