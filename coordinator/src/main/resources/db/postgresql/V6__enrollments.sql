-- V6 for PostgreSQL: the same table as db/V6__enrollments.sql, TEXT columns COLLATE "C" as in V1.
CREATE TABLE enrollments (
    worker_id    TEXT COLLATE "C" PRIMARY KEY,
    machine_id   TEXT COLLATE "C",
    state        TEXT COLLATE "C" NOT NULL,
    reason       TEXT COLLATE "C",
    profile_json TEXT COLLATE "C",
    decided_at   TIMESTAMP NOT NULL
);

INSERT INTO enrollments (worker_id, machine_id, state, reason, profile_json, decided_at)
SELECT worker_id, NULL, 'approved', NULL, NULL, last_seen FROM workers;
