package dev.fleetbench.coordinator.store;

import java.util.List;

/**
 * Campaign schedules (cron).
 *
 * <p>One concern of the {@linkplain CoordinatorStore coordinator's store}, which holds its threading and failure rules:
 * every method blocks (JDBC), so call it from a worker thread, never an event loop; each write is one transaction.
 */
public interface ScheduleStore {

    void upsertSchedule(ScheduleRecord schedule);

    List<ScheduleRecord> schedules();
}
