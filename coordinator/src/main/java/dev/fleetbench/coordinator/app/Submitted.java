package dev.fleetbench.coordinator.app;

import java.util.List;

/**
 * What submitting a spec created: a campaign run now, or a schedule that will start runs.
 *
 * @param id        campaign id ("c-…") or schedule id ("s-…")
 * @param kind      "campaign" or "schedule"
 * @param cells     cells of the campaign (0 for a schedule)
 * @param notes     notes from expansion, for people
 */
public record Submitted(String id, String kind, int cells, List<String> notes) {

    public Submitted {
        notes = List.copyOf(notes);
    }
}
