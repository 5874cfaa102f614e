-- V1: the coordinator's first schema.
--
-- Plain SQL that PostgreSQL accepts as well (TEXT, BOOLEAN, INTEGER, BIGINT, DOUBLE PRECISION, TIMESTAMP), so the
-- same tables can move behind the same repository interface. Instants are TIMESTAMP in UTC (microseconds). Nested
-- records (a registration, a variant, the prompts of a unit, lease phases) are JSON text written by the project's one
-- mapper; sample metrics and provenance are real columns because aggregation runs quantile_cont over them.
-- No foreign keys and no secondary indexes: DuckDB prunes scans with min/max zonemaps, and every ART index slows
-- ingest down; a PostgreSQL migration would add indexes on campaign_id instead.
-- Statements are separated by a semicolon at the end of a line (see Migrations).

CREATE TABLE workers (
    worker_id             TEXT PRIMARY KEY,
    hostname              TEXT,
    agent_version         TEXT,
    hardware_profile_hash TEXT,
    registration_json     TEXT NOT NULL,
    last_seen             TIMESTAMP NOT NULL
);

CREATE TABLE schedules (
    schedule_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    spec_text   TEXT NOT NULL,
    spec_yaml   BOOLEAN NOT NULL,
    cron        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    last_run_at TIMESTAMP,
    enabled     BOOLEAN NOT NULL
);

CREATE TABLE campaigns (
    campaign_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    spec_text   TEXT NOT NULL,
    spec_yaml   BOOLEAN NOT NULL,
    schedule_id TEXT,
    created_at  TIMESTAMP NOT NULL,
    state       TEXT NOT NULL,
    finished_at TIMESTAMP,
    notes_json  TEXT NOT NULL
);

-- One row per matrix cell; ord keeps the expansion order of its campaign.
CREATE TABLE cells (
    cell_id     TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL,
    ord         INTEGER NOT NULL,
    worker_id   TEXT NOT NULL,
    model       TEXT NOT NULL,
    variant_id  TEXT,
    prompt_id   TEXT NOT NULL,
    planned     INTEGER NOT NULL,
    status      TEXT NOT NULL,
    reason      TEXT
);

-- One row per lease unit; cells_json holds its cells with their prompts, in prompt order.
CREATE TABLE units (
    unit_id      TEXT PRIMARY KEY,
    campaign_id  TEXT NOT NULL,
    ord          INTEGER NOT NULL,
    worker_id    TEXT NOT NULL,
    variant_id   TEXT NOT NULL,
    variant_json TEXT NOT NULL,
    cells_json   TEXT NOT NULL
);

CREATE TABLE leases (
    lease_id    TEXT PRIMARY KEY,
    unit_id     TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    worker_id   TEXT NOT NULL,
    variant_id  TEXT,
    attempt     INTEGER NOT NULL,
    issued_at   TIMESTAMP NOT NULL,
    ended_at    TIMESTAMP,
    outcome     TEXT NOT NULL,
    phases_json TEXT
);

-- Every sample once (sample_id is the worker-made id). seq is the insertion order, assigned by the single writer.
-- set_aside marks measured samples that arrived after their cell already held its planned count.
-- The column order is the Appender's order: SampleColumns checks it when the store opens.
CREATE TABLE samples (
    sample_id             TEXT PRIMARY KEY,
    seq                   BIGINT NOT NULL,
    campaign_id           TEXT,
    cell_id               TEXT,
    lease_id              TEXT,
    worker_id             TEXT,
    model                 TEXT NOT NULL,
    prompt_id             TEXT NOT NULL,
    repetition            INTEGER NOT NULL,
    kind                  TEXT NOT NULL,
    status                TEXT NOT NULL,
    failure_code          TEXT,
    set_aside             BOOLEAN NOT NULL,
    started_at_ms         BIGINT NOT NULL,
    ttft_ms               DOUBLE PRECISION,
    ttfc_ms               DOUBLE PRECISION,
    tpot_ms               DOUBLE PRECISION,
    e2e_ms                DOUBLE PRECISION,
    decode_tps            DOUBLE PRECISION,
    prefill_tps           DOUBLE PRECISION,
    n_in                  INTEGER,
    n_out                 INTEGER,
    tokens_approximate    BOOLEAN NOT NULL,
    engine                TEXT,
    engine_version        TEXT,
    execution_provider    TEXT,
    device_type           TEXT,
    hardware_profile_hash TEXT,
    prompt_set_version    TEXT,
    power_source          TEXT,
    agent_version         TEXT,
    sample_json           TEXT NOT NULL
);

-- Counted (not set-aside) measured samples per cell, kept by ingest in the same transaction as the samples, so the
-- set-aside decision is a key lookup instead of a count over all samples.
CREATE TABLE cell_counts (
    cell_id     TEXT PRIMARY KEY,
    campaign_id TEXT,
    measured    INTEGER NOT NULL
);
