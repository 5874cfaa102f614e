package dev.fleetbench.coordinator.http;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.coordinator.app.ApiProblem;
import dev.fleetbench.coordinator.domain.campaign.SpecException;
import dev.fleetbench.coordinator.store.StoreException;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP statuses: a bad spec or parameter is 400 (with the field), a missing or
 * wrong token 401, an unknown id 404, a state conflict 409, an oversized body 413, a store that cannot write 503.
 * Every error body is {@code {"error": "...", "field": "..."}}; nothing else leaks (no stack traces).
 */
final class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    static void send(RoutingContext ctx, int status, String message, String field) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", field);
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(Json.write(body));
    }

    /** Maps any failure of a handler (or of the router itself) to a response. */
    static void handle(RoutingContext ctx) {
        Throwable t = ctx.failure();
        if (t == null) {
            int code = ctx.statusCode();
            send(ctx, code, switch (code) {
                case 413 -> "request body too large (limit " + (ctx.request().path().startsWith("/api/import/")
                        ? FederationApi.MAX_IMPORT_BYTES : HttpApi.MAX_BODY_BYTES) / 1024 + " KiB)";
                case 404 -> "no such resource: " + ctx.request().path();
                case 405 -> "method " + ctx.request().method() + " not allowed on " + ctx.request().path();
                default -> "request failed";
            }, null);
            return;
        }
        if (t instanceof SpecException s) {
            send(ctx, 400, s.reason(), s.field());
        } else if (t instanceof BadRequest b) {
            send(ctx, 400, b.getMessage(), b.field());
        } else if (t instanceof ApiProblem p) {
            send(ctx, switch (p.kind()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case UNAVAILABLE -> 503;
            }, p.getMessage(), null);
        } else if (t instanceof StoreException) {
            LOG.error("store failure on {} {}", ctx.request().method(), ctx.request().path(), t);
            send(ctx, 503, "the result store is unavailable: " + t.getMessage(), null);
        } else if (t instanceof IllegalArgumentException) {
            send(ctx, 400, t.getMessage(), null);
        } else {
            LOG.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), t);
            send(ctx, 500, "internal error: " + t.getClass().getSimpleName(), null);
        }
    }

    /** A parameter or header the client got wrong. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String field;

        BadRequest(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }
}
