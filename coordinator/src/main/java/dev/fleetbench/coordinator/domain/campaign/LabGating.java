package dev.fleetbench.coordinator.domain.campaign;

/**
 * Conditions a machine must meet before it gets work of this campaign, so benchmarks do not disturb the people who
 * use the lab's PCs and laptops on battery do not skew results.
 *
 * @param requireIdle only when nobody is using the machine
 * @param requireAc   only on AC power
 */
public record LabGating(boolean requireIdle, boolean requireAc) {

    public static final LabGating NONE = new LabGating(false, false);
}
