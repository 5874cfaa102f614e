package dev.fleetbench.worker.measure;

/**
 * Where a measurement belongs in a campaign; {@link #LOCAL} for a one-machine {@code bench} run. The cell of each
 * sample comes from its {@link PlannedPrompt}.
 *
 * @param campaignId campaign id or null
 * @param leaseId    lease id or null
 * @param workerId   worker id or null
 */
public record Placement(String campaignId, String leaseId, String workerId) {

    public static final Placement LOCAL = new Placement(null, null, null);
}
