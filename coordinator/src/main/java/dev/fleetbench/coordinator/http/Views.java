package dev.fleetbench.coordinator.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fleetbench.common.hardware.HardwareClass;
import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.coordinator.domain.fleet.Enrollment;
import dev.fleetbench.coordinator.domain.fleet.WorkerEntry;
import dev.fleetbench.coordinator.domain.fleet.WorkerStatus;
import dev.fleetbench.coordinator.domain.leases.CampaignProgress;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.store.CampaignRecord;
import java.util.List;
import java.util.Map;

/**
 * The fleet and campaign documents of the REST API (docs/api.md) as records: Jackson writes their components in
 * declaration order, snake_case, nulls included unless a component says otherwise.
 */
final class Views {

    private Views() {
    }

    /**
     * A worker as {@code GET /api/workers} shows it.
     *
     * @param duplicateIdentity two live agents with its id
     * @param enrollment        pending, approved or rejected; null for a worker that never registered here (imported)
     * @param hardwareChanges   what changed in its hardware since it was approved; empty when nothing did
     */
    record Worker(String workerId, String status, String hostname, String hardwareClass, String hardwareClassLabel,
                  String engine, String engineVersion, String agentVersion, Map<String, String> labels, String leaseId,
                  boolean userIdle, String power, int outboxSamples, String paused, int modelsAvailable,
                  List<String> modelsCached, String registeredAt, String lastSeen, HardwareProfile hardware,
                  boolean duplicateIdentity, String enrollment, String rejectionReason, List<String> hardwareChanges) {
    }

    static Worker worker(WorkerEntry w, WorkerStatus status, boolean duplicate, Enrollment enrollment,
                         List<String> hardwareChanges) {
        HardwareProfile hw = w.registration().hardware();
        HardwareClass cls = HardwareClassifier.classify(hw);
        return new Worker(w.workerId(), status.wire(), hw.hostname(), cls.key(), cls.label(),
                w.registration().engine().kind(), w.registration().engine().version(), w.registration().agentVersion(),
                w.registration().labels(), w.leaseId(), w.userIdle(), w.power().wire(), w.outboxSamples(), w.paused(),
                w.registration().catalog().size(), w.registration().cached(), w.registeredAt().toString(),
                w.lastSeen().toString(), hw, duplicate, enrollment == null ? null : enrollment.state().wire(),
                enrollment == null ? null : enrollment.reason(), hardwareChanges);
    }

    /** A cell with its status, reason and the counted measured samples it holds. */
    record CellView(String id, String workerId, String model, String variantId, String promptId, String status,
                    int planned, int measured, String reason) {
    }

    static CellView cell(Cell c, int measured) {
        return new CellView(c.id(), c.workerId(), c.model(), c.variantId(), c.promptId(), c.status().wire(),
                c.planned(), measured, c.reason());
    }

    /**
     * A campaign with its progress.
     *
     * @param samples stored samples; only in the answer about one campaign
     * @param spec    the spec as submitted; only in the answer about one campaign
     */
    record Campaign(String id, String name, String state, String scheduleId, String createdAt, String finishedAt,
                    int cellsTotal, int cellsDone, int cellsFailed, int cellsDoesNotFit, int cellsCancelled,
                    int cellsPredictedTooSlow, int cellsRunning, int cellsPending, @JsonInclude(JsonInclude.Include.NON_NULL) Long samples,
                    List<String> notes, @JsonInclude(JsonInclude.Include.NON_NULL) String spec) {
    }

    static Campaign campaign(CampaignRecord c, CampaignProgress p, Long samples) {
        return campaign(c, p, samples, null);
    }

    static Campaign campaign(CampaignRecord c, CampaignProgress p, Long samples, String spec) {
        return new Campaign(c.id(), c.name(), c.state().wire(), c.scheduleId(), c.createdAt().toString(),
                c.finishedAt() == null ? null : c.finishedAt().toString(), p.total(), p.done(), p.failed(),
                p.doesNotFit(), p.cancelled(), p.predictedTooSlow(), p.running(), p.pending(), samples, c.notes(), spec);
    }
}
