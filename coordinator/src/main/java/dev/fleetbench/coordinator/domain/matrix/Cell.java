package dev.fleetbench.coordinator.domain.matrix;

/**
 * One cell of a campaign's matrix: a model on a machine with a prompt. Immutable; status changes make new cells.
 *
 * @param id         deterministic id from campaign, model, prompt and worker
 * @param campaignId campaign
 * @param workerId   machine (worker)
 * @param model      the model as the campaign names it
 * @param variantId  the variant placed on that machine; null when it does not fit
 * @param promptId   prompt
 * @param planned    measured repetitions planned
 * @param status     where it is
 * @param reason     why it failed or does not fit; null otherwise
 */
public record Cell(String id, String campaignId, String workerId, String model, String variantId, String promptId,
                   int planned, CellStatus status, String reason) {

    public Cell withStatus(CellStatus s, String why) {
        return new Cell(id, campaignId, workerId, model, variantId, promptId, planned, s, why);
    }
}
