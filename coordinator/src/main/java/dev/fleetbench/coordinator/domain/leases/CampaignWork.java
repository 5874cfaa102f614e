package dev.fleetbench.coordinator.domain.leases;

import dev.fleetbench.coordinator.domain.campaign.LabGating;
import java.time.Instant;

/**
 * What every lease of one campaign shares.
 *
 * @param campaignId            campaign
 * @param warmups               warm-ups per lease
 * @param promptSetVersion      version of its prompts
 * @param requestTimeoutSeconds limit of one request
 * @param removeDownloads       remove downloaded models afterwards
 * @param gating                lab gating
 * @param deadline              end of its time budget, or null
 * @param repetitions           planned repetitions per cell
 * @param maxRepetitionFactor   how far an unstable cell may grow (× repetitions)
 */
public record CampaignWork(String campaignId, int warmups, String promptSetVersion, int requestTimeoutSeconds,
                           boolean removeDownloads, LabGating gating, Instant deadline, int repetitions,
                           int maxRepetitionFactor) {
}
