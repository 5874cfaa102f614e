package dev.fleetbench.coordinator.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a standby coordinator serves until it takes over: its health with {@code role: standby} and where the active
 * coordinator is, and 503 to every other call, naming the active one. A standby reads nothing from the store, so it
 * never answers with figures that might be older than the active's.
 */
public final class StandbyApi {

    private final Vertx vertx;
    private final String version;
    private final Supplier<String> activeUrl;
    private final Supplier<String> detail;

    /** @param activeUrl the active coordinator's base URL, null while none is known */
    public StandbyApi(Vertx vertx, String version, Supplier<String> activeUrl) {
        this(vertx, version, activeUrl, () -> null);
    }

    /**
     * @param activeUrl the active coordinator's base URL, null while none is known
     * @param detail    why this standby does not take over (e.g. fenced by the writer lock), null when it has nothing
     *                  to say; shown in its health
     */
    public StandbyApi(Vertx vertx, String version, Supplier<String> activeUrl, Supplier<String> detail) {
        this.vertx = vertx;
        this.version = version;
        this.activeUrl = activeUrl;
        this.detail = detail;
    }

    public Router router() {
        Router r = Router.router(vertx);
        r.get("/api/health").handler(ctx -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", "ok");
            m.put("role", "standby");
            m.put("version", version);
            m.put("active", activeUrl.get());
            String why = detail.get();
            if (why != null) {
                m.put("detail", why);
            }
            HttpApi.json(ctx, 200, m);
        });
        r.route().handler(ctx -> {
            String active = activeUrl.get();
            ctx.response().putHeader("retry-after", "5");
            HttpErrors.send(ctx, 503, active == null
                    ? "this coordinator is a standby and no active coordinator is known yet; retry shortly"
                    : "this coordinator is a standby; the active coordinator serves at " + active, null);
        });
        return r;
    }

    public Future<HttpServer> listen(String host, int port) {
        return vertx.createHttpServer().requestHandler(router()).listen(port, host);
    }
}
