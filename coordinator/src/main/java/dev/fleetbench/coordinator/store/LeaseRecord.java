package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.coordinator.domain.leases.LeaseOutcome;
import java.time.Instant;

/**
 * One lease attempt, for history and for the per-model phases (download, load, cold start) of a campaign.
 *
 * @param leaseId    lease id
 * @param unitId     the lease unit
 * @param campaignId campaign
 * @param workerId   worker
 * @param variantId  variant
 * @param attempt    attempt number
 * @param issuedAt   when it was leased
 * @param endedAt    when it finished or expired, or null while it runs
 * @param outcome    how it ended, or {@link LeaseOutcome#RUNNING}
 * @param phases     what the worker reported at the end, or null
 */
public record LeaseRecord(String leaseId, String unitId, String campaignId, String workerId, String variantId,
                          int attempt, Instant issuedAt, Instant endedAt, LeaseOutcome outcome, ModelPhases phases) {
}
