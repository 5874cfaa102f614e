-- V6: enrollment, whether an admin let each worker into the fleet (pending, approved, rejected), with the hardware
-- it was approved with (a later registration with other hardware is shown as changed until acknowledged) and the
-- machine id, so that a rejected machine is refused under any worker id. Workers stored before enrollment existed
-- were in the fleet already: they are approved here, and their approved hardware is filled from their stored
-- registration when the coordinator starts (profile_json NULL).
CREATE TABLE enrollments (
    worker_id    TEXT PRIMARY KEY,
    machine_id   TEXT,
    state        TEXT NOT NULL,
    reason       TEXT,
    profile_json TEXT,
    decided_at   TIMESTAMP NOT NULL
);

INSERT INTO enrollments (worker_id, machine_id, state, reason, profile_json, decided_at)
SELECT worker_id, NULL, 'approved', NULL, NULL, last_seen FROM workers;
