package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.log.LogLine;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.coordinator.domain.fleet.Fleet;
import dev.fleetbench.coordinator.domain.fleet.WorkerStatus;
import dev.fleetbench.coordinator.domain.leases.CampaignProgress;
import dev.fleetbench.coordinator.store.CampaignRecord;
import dev.fleetbench.coordinator.store.LeaseRecord;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's log: one {@link LogLine} per state change of a campaign, a lease or a worker, and per refused
 * input or store failure, each with the ids that tie it to the rest (campaign, lease, worker, model). Per lease at
 * most, never per sample or heartbeat. Logger {@code fleetbench.coordinator}; thread-safe.
 */
final class CoordinatorLog {

    private static final Logger LOG = LoggerFactory.getLogger("fleetbench.coordinator");

    private CoordinatorLog() {
    }

    static void workerJoined(RegisterRequest r, boolean rejoin) {
        LOG.info(LogLine.event(rejoin ? "worker.rejoined" : "worker.joined", "worker", r.workerId(), "host",
                r.hardware().hostname(), "agent", r.agentVersion(), "engine", r.engine().kind(), "models",
                r.catalog().size()));
    }

    static void workerRefused(String workerId, String reason) {
        LOG.warn(LogLine.event("worker.refused", "worker", workerId, "reason", reason));
    }

    static void workerPending(String workerId) {
        LOG.info(LogLine.event("worker.pending", "worker", workerId, "action", "approve or reject it on the Fleet page"
                + " or with fleetbench fleet approve|reject " + workerId));
    }

    static void hardwareChanged(String workerId, List<String> changes) {
        LOG.warn(LogLine.event("worker.hardware_changed", "worker", workerId, "changes", String.join("; ", changes)));
    }

    static void enrollment(String workerId, String action, String reason) {
        LOG.info(LogLine.event("worker." + action, "worker", workerId, "reason", reason));
    }

    static void workerDuplicate(String workerId, String message) {
        LOG.warn(LogLine.event("worker.duplicate", "worker", workerId, "reason", message));
    }

    /** Silence and return; READY and BUSY flip with every lease and are left out. */
    static void workerStatus(Fleet.StatusChange c) {
        if (c.to() == WorkerStatus.MISSING || c.to() == WorkerStatus.GONE) {
            LOG.warn(LogLine.event("worker." + c.to().wire(), "worker", c.workerId(), "was", wire(c.from())));
        } else if (c.from() == WorkerStatus.MISSING || c.from() == WorkerStatus.GONE) {
            LOG.info(LogLine.event("worker.back", "worker", c.workerId(), "was", wire(c.from()), "now", c.to().wire()));
        }
    }

    private static String wire(WorkerStatus s) {
        return s == null ? null : s.wire();
    }

    static void leaseIssued(LeaseRecord l, int cells) {
        LOG.info(LogLine.event("lease.issued", "campaign", l.campaignId(), "lease", l.leaseId(), "worker", l.workerId(),
                "model", l.variantId(), "attempt", l.attempt(), "cells", cells));
    }

    /** The end a worker reported: finished, failed (with the failure), cancelled, or returned (left early). */
    static void leaseEnded(LeaseRecord l, ModelPhases phases) {
        String failure = phases == null || phases.failureCode() == null ? null : phases.failureCode().name();
        LOG.info(LogLine.event("lease." + l.outcome().wire(), "campaign", l.campaignId(), "lease", l.leaseId(), "worker",
                l.workerId(), "model", l.variantId(), "attempt", l.attempt(), "failure", failure));
    }

    /** A lease no report ended: expired (no heartbeats), or abandoned (its worker restarted and asked again). */
    static void leaseLost(LeaseRecord l) {
        LOG.warn(LogLine.event("lease." + l.outcome().wire(), "campaign", l.campaignId(), "lease", l.leaseId(), "worker",
                l.workerId(), "model", l.variantId(), "attempt", l.attempt()));
    }

    static void leaseExtended(LeaseRecord l, int cells) {
        LOG.info(LogLine.event("lease.extended", "campaign", l.campaignId(), "lease", l.leaseId(), "worker",
                l.workerId(), "model", l.variantId(), "cells", cells));
    }

    /** The end of a lease that is no longer live (it expired, or was issued before a restart). */
    static void leaseIgnored(String leaseId, String workerId) {
        LOG.info(LogLine.event("lease.ignored", "lease", leaseId, "worker", workerId, "reason", "not live"));
    }

    static void ingestRejected(String workerId, String batchId, int samples, String reason) {
        LOG.warn(LogLine.event("ingest.rejected", "worker", workerId, "batch", batchId, "samples", samples, "reason",
                reason));
    }

    /** A write that failed; {@code what} names it, {@code ids} are more pairs (worker, campaign, …). */
    static void storeFailed(String what, Throwable error, Object... ids) {
        Object[] pairs = new Object[ids.length + 4];
        pairs[0] = "op";
        pairs[1] = what;
        System.arraycopy(ids, 0, pairs, 2, ids.length);
        pairs[pairs.length - 2] = "error";
        pairs[pairs.length - 1] = String.valueOf(error.getMessage());
        LOG.error(LogLine.event("store.failed", pairs));
    }

    static void campaignSubmitted(String name, String scheduleCron) {
        LOG.info(LogLine.event("campaign.submitted", "name", name, "cron", scheduleCron));
    }

    static void campaignStarted(CampaignRecord c, int cells, int units) {
        LOG.info(LogLine.event("campaign.started", "campaign", c.id(), "name", c.name(), "schedule", c.scheduleId(),
                "cells", cells, "units", units));
    }

    static void campaignRestored(CampaignRecord c, int cells) {
        LOG.info(LogLine.event("campaign.restored", "campaign", c.id(), "name", c.name(), "cells", cells));
    }

    /** Done, cancelled: the campaign's final cell counts. */
    static void campaignEnded(CampaignRecord c, CampaignProgress p) {
        LOG.info(LogLine.event("campaign." + c.state().wire(), "campaign", c.id(), "cells", p.total(), "done",
                p.done(), "failed", p.failed(), "cancelled", p.cancelled(), "does_not_fit", p.doesNotFit(), "predicted_too_slow", p.predictedTooSlow()));
    }

    static void budgetSpent(String campaignId) {
        LOG.warn(LogLine.event("campaign.budget_spent", "campaign", campaignId));
    }
}
