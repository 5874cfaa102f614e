package dev.fleetbench.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetbench.common.json.Json;
import dev.fleetbench.coordinator.app.FleetAdmin;
import dev.fleetbench.coordinator.domain.fleet.Enrollment;
import dev.fleetbench.coordinator.domain.fleet.Fleet;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Enrollment routes: approve or reject a worker that asked to join, acknowledge an approved worker's changed
 * hardware. Mutating, so they need the bearer token when one is configured. The worker list itself is
 * {@code GET /api/workers}, where each worker carries its enrollment.
 */
final class FleetApi {

    private final Fleet fleet;
    private final FleetAdmin admin;

    FleetApi(Fleet fleet, FleetAdmin admin) {
        this.fleet = fleet;
        this.admin = admin;
    }

    void routes(Router r, Handler<RoutingContext> authorize) {
        r.post("/api/workers/:id/approve").handler(authorize).handler(ctx -> answer(ctx,
                admin.approve(HttpApi.workerId(ctx))));
        r.post("/api/workers/:id/reject").handler(authorize).handler(ctx -> answer(ctx,
                admin.reject(HttpApi.workerId(ctx), reason(ctx))));
        r.post("/api/workers/:id/acknowledge-hardware").handler(authorize).handler(ctx -> answer(ctx,
                admin.acknowledge(HttpApi.workerId(ctx))));
    }

    private void answer(RoutingContext ctx, io.vertx.core.Future<Enrollment> decided) {
        decided.onSuccess(e -> HttpApi.json(ctx, 200, view(e, fleet))).onFailure(ctx::fail);
    }

    /** The optional body {"reason": "..."}; an empty body is no reason. */
    private static String reason(RoutingContext ctx) {
        String body = ctx.body() == null ? null : ctx.body().asString(StandardCharsets.UTF_8.name());
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new HttpErrors.BadRequest("reason", "the body must be JSON like {\"reason\": \"...\"}: "
                    + e.getOriginalMessage());
        }
        JsonNode reason = node == null ? null : node.get("reason");
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!reason.isTextual()) {
            throw new HttpErrors.BadRequest("reason", "reason must be a string");
        }
        if (reason.asText().length() > Enrollment.MAX_REASON_CHARS) {
            throw new HttpErrors.BadRequest("reason", "reason has " + reason.asText().length()
                    + " characters, at most " + Enrollment.MAX_REASON_CHARS);
        }
        return reason.asText();
    }

    /** A decision as the API shows it. */
    static EnrollmentView view(Enrollment e, Fleet fleet) {
        return new EnrollmentView(e.workerId(), e.state().wire(), e.reason(), fleet.hardwareChanges(e.workerId()),
                e.decidedAt().toString());
    }

    /** An enrollment decision: approved or rejected, why, what changed since, and when. */
    record EnrollmentView(String workerId, String enrollment, String rejectionReason, List<String> hardwareChanges,
                          String decidedAt) {
    }
}
