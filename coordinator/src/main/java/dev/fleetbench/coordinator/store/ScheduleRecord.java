package dev.fleetbench.coordinator.store;

import java.time.Instant;

/**
 * A cron schedule that starts a new campaign run each time it fires.
 *
 * @param id        schedule id
 * @param name      from the spec
 * @param specText  the submitted spec (with its {@code schedule} field)
 * @param yaml      true when the spec is YAML
 * @param cron      the UNIX cron expression
 * @param createdAt when it was created
 * @param lastRunAt when it last started a run, or null
 * @param enabled   false once cancelled
 */
public record ScheduleRecord(String id, String name, String specText, boolean yaml, String cron, Instant createdAt,
                             Instant lastRunAt, boolean enabled) {
}
