package dev.fleetbench.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.coordinator.app.CampaignBundle;
import dev.fleetbench.coordinator.app.Federation;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Federation routes (docs/federation.md): a finished campaign's bundle for another coordinator, and the two import
 * calls that take one in. Imports carry whole matrices and pages of samples, so they get a larger body limit than
 * the rest of the API; like every mutating call they need the bearer token when one is configured.
 */
final class FederationApi {

    /** Largest import body: a bundle of a 100,000-cell campaign, or a page of samples. */
    static final int MAX_IMPORT_BYTES = 64 * 1024 * 1024;

    private final Federation federation;

    FederationApi(Federation federation) {
        this.federation = federation;
    }

    /** Registers the routes; call before the API's general body handler so that imports get their own limit. */
    void bodyLimits(Router r) {
        r.route("/api/import/*").handler(BodyHandler.create(false).setBodyLimit(MAX_IMPORT_BYTES));
    }

    void routes(Router r, Handler<RoutingContext> authorize) {
        r.get("/api/campaigns/:id/bundle").handler(ctx -> federation.export(HttpApi.campaignId(ctx))
                .onSuccess(b -> HttpApi.json(ctx, 200, b)).onFailure(ctx::fail));
        r.post("/api/import/campaigns").handler(authorize).handler(this::importBundle);
        r.post("/api/import/campaigns/:id/samples").handler(authorize).handler(this::importSamples);
    }

    private void importBundle(RoutingContext ctx) {
        parse(ctx, CampaignBundle.class, "a campaign bundle (GET /api/campaigns/{id}/bundle at its site)")
                .compose(federation::importBundle).onSuccess(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("campaign", i.campaignId());
            m.put("cells", i.cells());
            m.put("workers_added", i.workersAdded());
            m.put("already_present", i.alreadyPresent());
            HttpApi.json(ctx, i.alreadyPresent() ? 200 : 201, m);
        }).onFailure(ctx::fail);
    }

    private void importSamples(RoutingContext ctx) {
        String campaignId = HttpApi.campaignId(ctx);
        parse(ctx, SamplePage.class, "{\"samples\": [...]} (a page of GET /api/campaigns/{id}/samples)")
                .compose(page -> federation.importSamples(campaignId, page.samples() == null ? List.of() : page.samples()))
                .onSuccess(r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("stored", r.stored());
                    m.put("duplicates", r.duplicates());
                    m.put("set_aside", r.setAside());
                    HttpApi.json(ctx, 200, m);
                }).onFailure(ctx::fail);
    }

    /** A page of samples to import. */
    record SamplePage(List<Sample> samples) {
    }

    /**
     * Binds the body on a worker thread: an import body may be tens of megabytes, and parsing it on the event loop
     * would hold up workers' heartbeats and leases meanwhile. The result comes back on the event loop.
     */
    private static <T> Future<T> parse(RoutingContext ctx, Class<T> type, String expected) {
        String body = ctx.body().asString();
        return ctx.vertx().executeBlocking(() -> read(body, type, expected), false);
    }

    private static <T> T read(String body, Class<T> type, String expected) {
        if (body == null || body.isBlank()) {
            throw new HttpErrors.BadRequest(null, "the body is empty: send " + expected);
        }
        try {
            JsonNode tree = Json.mapper().readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new HttpErrors.BadRequest(null, "the body must be a JSON object: " + expected);
            }
            return Json.mapper().treeToValue(tree, type);
        } catch (HttpErrors.BadRequest e) {
            throw e;
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().stream()
                    .map(p -> p.getFieldName() != null ? p.getFieldName() : "[" + p.getIndex() + "]")
                    .reduce((a, c) -> c.startsWith("[") ? a + c : a + "." + c).orElse(null);
            throw new HttpErrors.BadRequest(field, "the body is not " + expected + ": "
                    + (field == null ? "" : "'" + field + "' is wrong: ")
                    + e.getOriginalMessage().replaceAll("([a-z]\\w*\\.)+([A-Z]\\w*)", "$2"));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new HttpErrors.BadRequest(null, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
