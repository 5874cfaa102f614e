package dev.fleetbench.coordinator.domain.leases;

/**
 * Cell counts of one campaign.
 *
 * @param campaignId  campaign
 * @param total       all cells
 * @param pending     waiting for a worker
 * @param running     leased now
 * @param done        with their planned samples
 * @param failed      failed, with a reason
 * @param doesNotFit  the model cannot run on that machine
 * @param cancelled   cancelled
 */
public record CampaignProgress(String campaignId, int total, int pending, int running, int done, int failed,
                               int doesNotFit, int cancelled) {

    /** Every cell has a result. */
    public boolean finished() {
        return pending == 0 && running == 0;
    }
}
