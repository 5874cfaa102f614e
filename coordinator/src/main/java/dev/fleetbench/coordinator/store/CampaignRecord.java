package dev.fleetbench.coordinator.store;

import java.time.Instant;
import java.util.List;

/**
 * A campaign as stored. The spec is kept as the text that was submitted, so a restarted coordinator re-parses exactly
 * what the user sent.
 *
 * @param id         campaign id
 * @param name       from the spec
 * @param specText   the submitted spec
 * @param yaml       true when the spec is YAML
 * @param scheduleId the schedule that started it, or null
 * @param createdAt  when it was created
 * @param state      where it is
 * @param finishedAt when it reached DONE or CANCELLED, or null
 * @param notes      notes from expansion ("no machine matches the selector")
 */
public record CampaignRecord(String id, String name, String specText, boolean yaml, String scheduleId,
                             Instant createdAt, CampaignState state, Instant finishedAt, List<String> notes) {

    public CampaignRecord {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public CampaignRecord withState(CampaignState s, Instant at) {
        return new CampaignRecord(id, name, specText, yaml, scheduleId, createdAt, s, at, notes);
    }
}
