package dev.fleetbench.coordinator.app;

import dev.fleetbench.coordinator.domain.fleet.Enrollment;
import dev.fleetbench.coordinator.domain.fleet.Fleet;
import dev.fleetbench.coordinator.store.WorkerStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * What an admin does with the fleet (REST, CLI and the Fleet page): approve a pending worker, reject one with a
 * reason, acknowledge an approved worker's changed hardware. Each decision changes the fleet at once and is stored
 * before the answer, so it survives a restart. Confined to the coordinator's event loop.
 */
public final class FleetAdmin {

    private final Fleet fleet;
    private final StoreAccess<WorkerStore> store;
    private final Events events;

    public FleetAdmin(Fleet fleet, StoreAccess<WorkerStore> store, Events events) {
        this.fleet = fleet;
        this.store = store;
        this.events = events;
    }

    public Future<Enrollment> approve(String workerId) {
        return decide(workerId, "approved", null, fleet::approve);
    }

    public Future<Enrollment> reject(String workerId, String reason) {
        return decide(workerId, "rejected", reason, id -> fleet.reject(id, reason));
    }

    public Future<Enrollment> acknowledge(String workerId) {
        return decide(workerId, "hardware_acknowledged", null, fleet::acknowledge);
    }

    private Future<Enrollment> decide(String workerId, String action, String reason, Function<String, Enrollment> change) {
        Enrollment before = fleet.enrollment(workerId).orElse(null);
        Enrollment after;
        try {
            after = change.apply(workerId);
        } catch (NoSuchElementException e) {
            return Future.failedFuture(new ApiProblem(ApiProblem.Kind.NOT_FOUND, e.getMessage()));
        } catch (IllegalStateException e) {
            return Future.failedFuture(new ApiProblem(ApiProblem.Kind.CONFLICT, e.getMessage()));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return store.write(s -> {
            s.upsertEnrollments(List.of(after));
            return null;
        }).recover(e -> {
            // Not stored: the decision is undone, so the fleet never says what a restart would forget.
            if (before != null) {
                fleet.restoreEnrollment(before);
            }
            return Future.failedFuture(e);
        }).map(v -> {
            CoordinatorLog.enrollment(workerId, action, reason);
            events.publish("worker", Events.fields("worker_id", workerId, "status", fleet.status(workerId).wire(),
                    "enrollment", after.state().wire()));
            return after;
        });
    }
}
