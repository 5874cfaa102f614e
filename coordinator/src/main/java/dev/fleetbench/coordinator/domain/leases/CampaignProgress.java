package dev.fleetbench.coordinator.domain.leases;

import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import java.util.Map;

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
 * @param predictedTooSlow not run: predicted to miss the campaign's minimum decode rate by a wide margin
 */
public record CampaignProgress(String campaignId, int total, int pending, int running, int done, int failed,
                               int doesNotFit, int cancelled, int predictedTooSlow) {

    /** Counts of a campaign that skipped nothing. */
    public CampaignProgress(String campaignId, int total, int pending, int running, int done, int failed,
                            int doesNotFit, int cancelled) {
        this(campaignId, total, pending, running, done, failed, doesNotFit, cancelled, 0);
    }

    /** Counts from cells by status (a campaign the queue does not hold, such as a finished one after a restart). */
    public static CampaignProgress of(String campaignId, Map<CellStatus, Integer> byStatus) {
        int total = byStatus.values().stream().mapToInt(Integer::intValue).sum();
        return new CampaignProgress(campaignId, total, n(byStatus, CellStatus.PENDING), n(byStatus, CellStatus.RUNNING),
                n(byStatus, CellStatus.DONE), n(byStatus, CellStatus.FAILED), n(byStatus, CellStatus.DOES_NOT_FIT),
                n(byStatus, CellStatus.CANCELLED), n(byStatus, CellStatus.PREDICTED_TOO_SLOW));
    }

    private static int n(Map<CellStatus, Integer> byStatus, CellStatus s) {
        return byStatus.getOrDefault(s, 0);
    }

    /** Every cell has a result. */
    public boolean finished() {
        return pending == 0 && running == 0;
    }
}
