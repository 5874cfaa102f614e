package dev.fleetbench.coordinator.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Ids;
import dev.fleetbench.coordinator.app.ApiProblem;
import dev.fleetbench.coordinator.app.BlindPairs;
import dev.fleetbench.coordinator.app.Campaigns;
import dev.fleetbench.coordinator.app.Events;
import dev.fleetbench.coordinator.app.Federation;
import dev.fleetbench.coordinator.app.FleetAdmin;
import dev.fleetbench.coordinator.app.ResultsService;
import dev.fleetbench.coordinator.app.StoreAccess;
import dev.fleetbench.coordinator.domain.fleet.Fleet;
import dev.fleetbench.coordinator.domain.leases.CampaignProgress;
import dev.fleetbench.coordinator.store.CampaignRecord;
import dev.fleetbench.coordinator.store.CampaignStore;
import dev.fleetbench.coordinator.store.SampleStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The REST API, the event stream and the web UI of the coordinator. Handlers decode, call the campaigns and the
 * store, and encode; every failure goes through {@link HttpErrors}. Mutating calls (and the event stream) need the
 * bearer token when one is configured.
 */
public final class HttpApi {

    /** Largest request body accepted. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int MAX_PAGE = 10_000;
    /** The OpenAPI document of this API, written by hand and checked against the router by a test. */
    static final String OPENAPI = resource("api/openapi.yaml");

    /** The store concerns the API reads directly: a campaign's cells and progress, its raw samples. */
    public record Stores(CampaignStore campaigns, SampleStore samples) {
    }

    private final Vertx vertx;
    private final Fleet fleet;
    private final Campaigns campaigns;
    private final StoreAccess<Stores> store;
    private final String token;
    private final LongSupplier rejectedMessages;
    private final String version;
    private final ResultsApi results;
    private final FederationApi federation;
    private final java.util.function.Supplier<String> metrics;
    private final HttpEdge edge;
    private final FleetApi fleetApi;
    private final java.util.concurrent.atomic.AtomicInteger streams = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

    public HttpApi(Vertx vertx, Fleet fleet, Campaigns campaigns, StoreAccess<Stores> store, String token,
                   LongSupplier rejectedMessages, String version, ResultsService results, BlindPairs pairs, Clock clock,
                   java.util.function.Supplier<String> metrics) {
        this(vertx, fleet, campaigns, store, token, rejectedMessages, version, results, pairs, clock, metrics, false,
                List.of());
    }

    /**
     * @param protectReads reads need the token too
     * @param hostNames    host names accepted besides IP literals and localhost (the HTTP host, this machine's name,
     *                     --allowed-host)
     */
    public HttpApi(Vertx vertx, Fleet fleet, Campaigns campaigns, StoreAccess<Stores> store, String token,
                   LongSupplier rejectedMessages, String version, ResultsService results, BlindPairs pairs, Clock clock,
                   java.util.function.Supplier<String> metrics, boolean protectReads, List<String> hostNames) {
        this(vertx, fleet, campaigns, store, token, rejectedMessages, version, results, pairs, clock, metrics,
                protectReads, hostNames, null, null);
    }

    /**
     * @param admin      approvals and rejections of workers (enrollment)
     * @param federation export and import of finished campaigns between sites
     */
    public HttpApi(Vertx vertx, Fleet fleet, Campaigns campaigns, StoreAccess<Stores> store, String token,
                   LongSupplier rejectedMessages, String version, ResultsService results, BlindPairs pairs, Clock clock,
                   java.util.function.Supplier<String> metrics, boolean protectReads, List<String> hostNames,
                   FleetAdmin admin, Federation federation) {
        this.fleetApi = new FleetApi(fleet, admin);
        this.vertx = vertx;
        this.fleet = fleet;
        this.campaigns = campaigns;
        this.store = store;
        this.token = token == null || token.isBlank() ? null : token;
        this.rejectedMessages = rejectedMessages;
        this.version = version;
        this.results = new ResultsApi(results, pairs, clock);
        this.federation = new FederationApi(federation);
        this.metrics = metrics;
        this.edge = new HttpEdge(this.token, protectReads, hostNames);
    }

    public Router router() {
        Router r = Router.router(vertx);
        // First of all, before any body handler: a refused caller's body is never read (an import may be 64 MiB).
        r.route().handler(edge::handle);
        federation.bodyLimits(r);
        r.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        r.get("/api/health").handler(this::health);
        r.get("/api/openapi.yaml").handler(ctx -> ctx.response().putHeader("content-type", "application/yaml; charset=utf-8")
                .end(OPENAPI));
        r.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.get()));
        r.get("/api/workers").handler(this::workers);
        fleetApi.routes(r, this::authorize);
        r.get("/api/campaigns").handler(this::listCampaigns);
        r.post("/api/campaigns").handler(this::authorize).handler(this::submit);
        r.get("/api/campaigns/:id").handler(this::campaign);
        r.post("/api/campaigns/:id/cancel").handler(this::authorize).handler(this::cancel);
        r.get("/api/campaigns/:id/samples").handler(this::samples);
        r.get("/api/campaigns/:id/cells").handler(this::cells);
        r.get("/api/campaigns/:id/export.csv").handler(this::exportCsv);
        r.get("/api/schedules").handler(ctx -> json(ctx, 200, campaigns.schedules()));
        r.get("/api/events").handler(this::authorize).handler(this::events);
        results.routes(r, this::authorize);
        federation.routes(r, this::authorize);
        r.route("/api/*").handler(ctx -> HttpErrors.send(ctx, 404, "no such resource: " + ctx.request().path(), null));
        // Browser libraries of the UI (ECharts) from their WebJars on the classpath: versioned paths, so cacheable.
        r.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setDirectoryListing(false)
                .setMaxAgeSeconds(86_400));
        r.route("/*").handler(StaticHandler.create("fleetbench-ui").setCachingEnabled(false));
        r.route().handler(ctx -> HttpErrors.send(ctx, 404, "no such resource: " + ctx.request().path(), null));
        r.route().failureHandler(HttpErrors::handle);
        return r;
    }

    /** What {@code POST /api/campaigns} answers: the campaign or schedule made, its cells and the spec's notes. */
    record SubmittedView(String id, String kind, int cellsTotal, List<String> notes) {
    }

    /** {@code GET /api/health} of the active coordinator; {@code store} only where there is a store. */
    record HealthView(String status, String role, String version, int workers, int campaigns, long rejectedMessages,
                      @JsonInclude(JsonInclude.Include.NON_NULL) StoreHealthView store) {
    }

    /** The store's health; the failure's details only while writes fail. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StoreHealthView(String status, String reason, String since, Long failedWrites, String meaning) {
    }

    private void health(RoutingContext ctx) {
        StoreAccess.Health storeHealth = store == null ? null : store.health();
        boolean storeFailing = storeHealth != null && storeHealth.failing();
        StoreHealthView st = storeHealth == null ? null : !storeFailing ? new StoreHealthView("ok", null, null, null, null)
                : new StoreHealthView("failing", storeHealth.reason(), storeHealth.since().toString(),
                        storeHealth.failures(), "results are not being stored; workers keep them in their outboxes and"
                        + " send them again, and nothing is acknowledged that was not stored");
        json(ctx, 200, new HealthView(storeFailing ? "degraded" : "ok", "active", version, fleet.all().size(),
                campaigns.all().size(), rejectedMessages.getAsLong(), st));
    }

    private void workers(RoutingContext ctx) {
        json(ctx, 200, fleet.all().stream().map(w -> Views.worker(w, fleet.status(w),
                fleet.duplicate(w.workerId()), fleet.enrollment(w.workerId()).orElse(null),
                fleet.hardwareChanges(w.workerId()))).toList());
    }

    private void listCampaigns(RoutingContext ctx) {
        json(ctx, 200, campaigns.all().stream().map(c -> Views.campaign(c, campaigns.progress(c.id()), null)).toList());
    }

    private void campaign(RoutingContext ctx) {
        CampaignRecord c = known(ctx);
        CampaignProgress p = campaigns.progress(c.id());
        store.read(s -> s.samples().sampleCount(c.id())).onSuccess(n -> json(ctx, 200, Views.campaign(c, p, n, c.specText())))
                .onFailure(ctx::fail);
    }

    private void submit(RoutingContext ctx) {
        String body = ctx.body().asString(StandardCharsets.UTF_8.name());
        if (body == null || body.isBlank()) {
            throw new HttpErrors.BadRequest(null, "the request body is empty: send a campaign spec as JSON or YAML");
        }
        String type = ctx.request().getHeader("content-type");
        boolean yaml = isYaml(type, body);
        campaigns.submit(body, yaml).onSuccess(s -> {
            ctx.response().putHeader("location", "/api/" + (s.kind().equals("schedule") ? "schedules" : "campaigns/" + s.id()));
            json(ctx, 201, new SubmittedView(s.id(), s.kind(), s.cells(), s.notes()));
        }).onFailure(ctx::fail);
    }

    /** JSON for application/json, YAML for the YAML types; for anything else the first character decides. */
    static boolean isYaml(String contentType, String body) {
        String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (t.contains("json")) {
            return false;
        }
        if (t.contains("yaml")) {
            return true;
        }
        if (!t.isEmpty() && !t.startsWith("text/plain") && !t.startsWith("application/octet-stream")) {
            throw new HttpErrors.BadRequest("content-type", "unsupported content type '" + contentType
                    + "': send application/json or application/yaml");
        }
        return !body.stripLeading().startsWith("{");
    }

    private void cancel(RoutingContext ctx) {
        CampaignRecord c = known(ctx);
        campaigns.cancel(c.id()).onSuccess(done -> json(ctx, 200, Views.campaign(done, campaigns.progress(c.id()), null)))
                .onFailure(ctx::fail);
    }

    private void samples(RoutingContext ctx) {
        CampaignRecord c = known(ctx);
        int offset = intParam(ctx, "offset", 0, Integer.MAX_VALUE, 0);
        int limit = intParam(ctx, "limit", 1, MAX_PAGE, 1000);
        store.read(s -> s.samples().samples(c.id(), offset, limit)).onSuccess(list -> json(ctx, 200, list))
                .onFailure(ctx::fail);
    }

    /** The campaign's cells with their status, reason and the measured samples each holds (set-aside ones excluded). */
    private void cells(RoutingContext ctx) {
        CampaignRecord c = known(ctx);
        store.read(s -> Map.entry(s.campaigns().cells(c.id()), s.campaigns().measuredCounts(c.id())))
                .onSuccess(e -> json(ctx, 200,
                e.getKey().stream().map(cell -> Views.cell(cell, e.getValue().getOrDefault(cell.id(), 0))).toList()))
                .onFailure(ctx::fail);
    }

    private void exportCsv(RoutingContext ctx) {
        CampaignRecord c = known(ctx);
        HttpServerResponse r = ctx.response().setChunked(true)
                .putHeader("content-type", "text/csv; charset=utf-8")
                .putHeader("content-disposition", "attachment; filename=\"" + c.id() + "-samples.csv\"");
        store.read(s -> {
            try (ResponseWriter w = new ResponseWriter(r)) {
                s.samples().exportCsv(c.id(), w);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        }).onSuccess(v -> r.end()).onFailure(e -> {
            if (r.headWritten()) {
                r.reset();
            } else {
                ctx.fail(e);
            }
        });
    }

    /**
     * The event stream. Bounded twice: at most {@link dev.fleetbench.coordinator.app.HttpPolicy#MAX_EVENT_STREAMS}
     * streams, and a client that stops reading is disconnected once its write queue is full, so that events never
     * pile up in the coordinator's heap.
     */
    private void events(RoutingContext ctx) {
        if (streams.incrementAndGet() > dev.fleetbench.coordinator.app.HttpPolicy.MAX_EVENT_STREAMS) {
            streams.decrementAndGet();
            HttpErrors.send(ctx, 503, "too many event streams open (at most "
                    + dev.fleetbench.coordinator.app.HttpPolicy.MAX_EVENT_STREAMS + "); try again later", null);
            return;
        }
        HttpServerResponse r = ctx.response().setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache");
        r.setWriteQueueMaxSize(dev.fleetbench.coordinator.app.HttpPolicy.EVENT_STREAM_QUEUE_BYTES);
        r.write(": connected\n\n");
        MessageConsumer<String> consumer = vertx.eventBus().localConsumer(Events.ADDRESS, m -> {
            if (r.writeQueueFull()) {
                HttpEdge.hardClose(ctx.request().connection()); // a client that does not read is dropped, not buffered for
                return;
            }
            String body = m.body();
            int nl = body.indexOf('\n');
            r.write("event: " + body.substring(0, nl) + "\ndata: " + body.substring(nl + 1) + "\n\n");
        });
        long ping = vertx.setPeriodic(15_000, id -> {
            if (r.writeQueueFull()) {
                HttpEdge.hardClose(ctx.request().connection());
            } else {
                r.write(": ping\n\n");
            }
        });
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        r.closeHandler(v -> {
            if (closed.compareAndSet(false, true)) {
                streams.decrementAndGet();
                consumer.unregister();
                vertx.cancelTimer(ping);
            }
        });
    }

    /**
     * Mutating calls and the event stream need the bearer token when one is configured (EventSource may pass
     * ?token=). The edge checked it already, before any body was read; checked again here so that a route never
     * depends on the order of handlers for its protection.
     */
    private void authorize(RoutingContext ctx) {
        if (edge.authorized(ctx)) {
            ctx.next();
        }
    }

    /** The campaign id of the path, checked for shape (not for existence). */
    static String campaignId(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!Ids.Shape.ID.matches(id)) {
            throw new HttpErrors.BadRequest("id", "campaign id must be " + Ids.Shape.ID.words());
        }
        return id;
    }

    /** The worker id of the path, checked for shape (not for existence). */
    static String workerId(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!Ids.Shape.ID.matches(id)) {
            throw new HttpErrors.BadRequest("id", "worker id must be " + Ids.Shape.ID.words());
        }
        return id;
    }

    private CampaignRecord known(RoutingContext ctx) {
        String id = campaignId(ctx);
        return campaigns.get(id).orElseThrow(() -> new ApiProblem(ApiProblem.Kind.NOT_FOUND, "no campaign '" + id + "'"));
    }

    static int intParam(RoutingContext ctx, String name, int min, int max, int fallback) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(values.get(0).trim());
            if (v < min || v > max) {
                throw new HttpErrors.BadRequest(name, name + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new HttpErrors.BadRequest(name, name + " must be a whole number");
        }
    }

    static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(Json.write(body));
    }

    /** Listens with the default request head deadline. */
    public Future<io.vertx.core.http.HttpServer> listen(String host, int port) {
        return listen(host, port, dev.fleetbench.coordinator.app.HttpPolicy.HEAD_TIMEOUT);
    }

    /**
     * Listens. Besides the router: a cap on connections (a client that opens many holds connections, not memory), the
     * idle timeout, and a deadline for every request head, counted from the connection's opening or the end of its
     * previous answer (the idle timeout alone lets a client that sends one byte a minute keep a connection for ever).
     */
    public Future<io.vertx.core.http.HttpServer> listen(String host, int port, java.time.Duration headTimeout) {
        io.vertx.core.http.HttpServerOptions options = new io.vertx.core.http.HttpServerOptions()
                .setIdleTimeout(dev.fleetbench.coordinator.app.HttpPolicy.IDLE_TIMEOUT_SECONDS)
                .setMaxHeaderSize(16 * 1024).setMaxInitialLineLength(8 * 1024)
                // No HTTP/2 upgrade: with it, Vert.x holds a new connection back until its first head is whole, so
                // neither the connection cap nor the head deadline would see a client that trickles that head.
                .setHttp2ClearTextEnabled(false);
        Router router = router();
        HeadDeadlines heads = new HeadDeadlines(headTimeout.toMillis(), System::nanoTime);
        vertx.setPeriodic(Math.max(50, Math.min(1000, headTimeout.toMillis() / 4)), id -> heads.sweep());
        return vertx.createHttpServer(options).connectionHandler(conn -> {
            if (connections.incrementAndGet() > dev.fleetbench.coordinator.app.HttpPolicy.MAX_CONNECTIONS) {
                HttpEdge.hardClose(conn);
            }
            heads.await(conn);
            conn.closeHandler(v -> {
                connections.decrementAndGet();
                heads.arrived(conn);
            });
        }).requestHandler(req -> {
            heads.arrived(req.connection());
            req.response().endHandler(v -> heads.await(req.connection()));
            router.handle(req);
        }).listen(port, host);
    }

    /** Connections open now (for tests of the cap). */
    int openConnections() {
        return connections.get();
    }

    private static String resource(String name) {
        try (java.io.InputStream in = HttpApi.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the coordinator jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
