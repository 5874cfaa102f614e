package dev.fleetbench.coordinator.http;

import dev.fleetbench.common.hardware.HardwareClassifier;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.coordinator.domain.fleet.WorkerEntry;
import dev.fleetbench.coordinator.domain.fleet.WorkerStatus;
import dev.fleetbench.coordinator.domain.leases.CampaignProgress;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.store.CampaignRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of the REST API (pinned by golden files): plain ordered maps, snake_case keys. */
final class Views {

    private Views() {
    }

    /** A worker with its duplicate-identity flag (two live agents with its id). */
    static Map<String, Object> worker(WorkerEntry w, WorkerStatus status, boolean duplicate) {
        Map<String, Object> m = worker(w, status);
        m.put("duplicate_identity", duplicate);
        return m;
    }

    /**
     * A worker with its duplicate-identity flag and its enrollment: pending, approved or rejected (null for a worker
     * that never registered here, e.g. imported from another site), the rejection reason, and what changed in its
     * hardware since it was approved (empty when nothing did).
     */
    static Map<String, Object> worker(WorkerEntry w, WorkerStatus status, boolean duplicate,
                                      dev.fleetbench.coordinator.domain.fleet.Enrollment enrollment,
                                      java.util.List<String> hardwareChanges) {
        Map<String, Object> m = worker(w, status, duplicate);
        m.put("enrollment", enrollment == null ? null : enrollment.state().wire());
        m.put("rejection_reason", enrollment == null ? null : enrollment.reason());
        m.put("hardware_changes", hardwareChanges);
        return m;
    }

    static Map<String, Object> worker(WorkerEntry w, WorkerStatus status) {
        HardwareProfile hw = w.registration().hardware();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("worker_id", w.workerId());
        m.put("status", status.wire());
        m.put("hostname", hw.hostname());
        m.put("hardware_class", HardwareClassifier.classify(hw).key());
        m.put("hardware_class_label", HardwareClassifier.classify(hw).label());
        m.put("engine", w.registration().engine().kind());
        m.put("engine_version", w.registration().engine().version());
        m.put("agent_version", w.registration().agentVersion());
        m.put("labels", w.registration().labels());
        m.put("lease_id", w.leaseId());
        m.put("user_idle", w.userIdle());
        m.put("power", w.power().wire());
        m.put("outbox_samples", w.outboxSamples());
        m.put("paused", w.paused());
        m.put("models_available", w.registration().catalog().size());
        m.put("models_cached", w.registration().cached());
        m.put("registered_at", w.registeredAt().toString());
        m.put("last_seen", w.lastSeen().toString());
        m.put("hardware", hw);
        return m;
    }

    static Map<String, Object> cell(Cell c, int measured) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("worker_id", c.workerId());
        m.put("model", c.model());
        m.put("variant_id", c.variantId());
        m.put("prompt_id", c.promptId());
        m.put("status", c.status().wire());
        m.put("planned", c.planned());
        m.put("measured", measured);
        m.put("reason", c.reason());
        return m;
    }

    static Map<String, Object> campaign(CampaignRecord c, CampaignProgress p, Long samples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("state", c.state().wire());
        m.put("schedule_id", c.scheduleId());
        m.put("created_at", c.createdAt().toString());
        m.put("finished_at", c.finishedAt() == null ? null : c.finishedAt().toString());
        m.put("cells_total", p.total());
        m.put("cells_done", p.done());
        m.put("cells_failed", p.failed());
        m.put("cells_does_not_fit", p.doesNotFit());
        m.put("cells_cancelled", p.cancelled());
        m.put("cells_predicted_too_slow", p.predictedTooSlow());
        m.put("cells_running", p.running());
        m.put("cells_pending", p.pending());
        if (samples != null) {
            m.put("samples", samples);
        }
        m.put("notes", c.notes());
        return m;
    }
}
