package dev.fleetbench.coordinator.domain.results;

import java.util.Map;

/**
 * Where a cell, a lease or a drill-down request sits among the groups of an aggregate: its hardware class, model
 * (variant), prompt and worker. A null part is not known or not asked for, and matches any value (a lease covers every
 * prompt of its cell's variant; a drill-down by class and model takes every prompt and worker).
 *
 * @param hardwareClass hardware class key, or null
 * @param model         model variant id, or null
 * @param prompt        prompt id, or null
 * @param worker        worker id, or null
 */
public record GroupKey(String hardwareClass, String model, String prompt, String worker) {

    /** The part of this key for a dimension; null for a part it does not know or a dimension it has none of. */
    public String get(Dimension d) {
        return switch (d) {
            case HARDWARE_CLASS -> hardwareClass;
            case MODEL -> model;
            case PROMPT -> prompt;
            case WORKER -> worker;
            case USE_CASE, CAMPAIGN -> null;
        };
    }

    /**
     * Does this key fall into the group with these keys? Every dimension of the group that this key knows must agree;
     * the others (use case, campaign, a part left null) do not decide.
     */
    public boolean within(Map<Dimension, String> groupKeys) {
        for (Map.Entry<Dimension, String> e : groupKeys.entrySet()) {
            String mine = get(e.getKey());
            if (mine != null && e.getValue() != null && !mine.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
