package dev.fleetbench.worker.measure;

/**
 * Where a measurement belongs in a campaign; {@link #LOCAL} for a one-machine {@code bench} run.
 *
 * @param campaignId campaign id or null
 * @param cellId     cell id or null
 * @param leaseId    lease id or null
 * @param workerId   worker id or null
 */
public record Placement(String campaignId, String cellId, String leaseId, String workerId) {

    public static final Placement LOCAL = new Placement(null, null, null, null);
}
