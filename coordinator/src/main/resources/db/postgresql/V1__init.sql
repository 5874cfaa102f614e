-- V1 for PostgreSQL: the same tables, columns and column order as db/V1__init.sql (Writes.checkColumns compares
-- them), in one version sequence with DuckDB's scripts.
--
-- Differences, each for a reason:
-- * every TEXT column is COLLATE "C": rows and groups sort by code point, as in DuckDB, whatever the database's locale,
--   so both stores list and aggregate in the same order;
-- * secondary indexes on what the coordinator looks up by campaign and the insertion order of samples: PostgreSQL has
--   no min/max zonemaps, and without them every campaign read would scan the whole table.
-- Statements are separated by a semicolon at the end of a line (see Migrations).

CREATE TABLE workers (
    worker_id             TEXT COLLATE "C" PRIMARY KEY,
    hostname              TEXT COLLATE "C",
    agent_version         TEXT COLLATE "C",
    hardware_profile_hash TEXT COLLATE "C",
    registration_json     TEXT COLLATE "C" NOT NULL,
    last_seen             TIMESTAMP NOT NULL
);

CREATE TABLE schedules (
    schedule_id TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL,
    spec_text   TEXT COLLATE "C" NOT NULL,
    spec_yaml   BOOLEAN NOT NULL,
    cron        TEXT COLLATE "C" NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    last_run_at TIMESTAMP,
    enabled     BOOLEAN NOT NULL
);

CREATE TABLE campaigns (
    campaign_id TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL,
    spec_text   TEXT COLLATE "C" NOT NULL,
    spec_yaml   BOOLEAN NOT NULL,
    schedule_id TEXT COLLATE "C",
    created_at  TIMESTAMP NOT NULL,
    state       TEXT COLLATE "C" NOT NULL,
    finished_at TIMESTAMP,
    notes_json  TEXT COLLATE "C" NOT NULL
);

-- One row per matrix cell; ord keeps the expansion order of its campaign.
CREATE TABLE cells (
    cell_id     TEXT COLLATE "C" PRIMARY KEY,
    campaign_id TEXT COLLATE "C" NOT NULL,
    ord         INTEGER NOT NULL,
    worker_id   TEXT COLLATE "C" NOT NULL,
    model       TEXT COLLATE "C" NOT NULL,
    variant_id  TEXT COLLATE "C",
    prompt_id   TEXT COLLATE "C" NOT NULL,
    planned     INTEGER NOT NULL,
    status      TEXT COLLATE "C" NOT NULL,
    reason      TEXT COLLATE "C"
);

-- One row per lease unit; cells_json holds its cells with their prompts, in prompt order.
CREATE TABLE units (
    unit_id      TEXT COLLATE "C" PRIMARY KEY,
    campaign_id  TEXT COLLATE "C" NOT NULL,
    ord          INTEGER NOT NULL,
    worker_id    TEXT COLLATE "C" NOT NULL,
    variant_id   TEXT COLLATE "C" NOT NULL,
    variant_json TEXT COLLATE "C" NOT NULL,
    cells_json   TEXT COLLATE "C" NOT NULL
);

CREATE TABLE leases (
    lease_id    TEXT COLLATE "C" PRIMARY KEY,
    unit_id     TEXT COLLATE "C" NOT NULL,
    campaign_id TEXT COLLATE "C" NOT NULL,
    worker_id   TEXT COLLATE "C" NOT NULL,
    variant_id  TEXT COLLATE "C",
    attempt     INTEGER NOT NULL,
    issued_at   TIMESTAMP NOT NULL,
    ended_at    TIMESTAMP,
    outcome     TEXT COLLATE "C" NOT NULL,
    phases_json TEXT COLLATE "C"
);

-- Every sample once (sample_id is the worker-made id). seq is the insertion order, assigned by the single writer.
-- set_aside marks measured samples that arrived after their cell already held its planned count.
-- The column order is the Appender's order: SampleColumns checks it when the store opens.
CREATE TABLE samples (
    sample_id             TEXT COLLATE "C" PRIMARY KEY,
    seq                   BIGINT NOT NULL,
    campaign_id           TEXT COLLATE "C",
    cell_id               TEXT COLLATE "C",
    lease_id              TEXT COLLATE "C",
    worker_id             TEXT COLLATE "C",
    model                 TEXT COLLATE "C" NOT NULL,
    prompt_id             TEXT COLLATE "C" NOT NULL,
    repetition            INTEGER NOT NULL,
    kind                  TEXT COLLATE "C" NOT NULL,
    status                TEXT COLLATE "C" NOT NULL,
    failure_code          TEXT COLLATE "C",
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
    engine                TEXT COLLATE "C",
    engine_version        TEXT COLLATE "C",
    execution_provider    TEXT COLLATE "C",
    device_type           TEXT COLLATE "C",
    hardware_profile_hash TEXT COLLATE "C",
    prompt_set_version    TEXT COLLATE "C",
    power_source          TEXT COLLATE "C",
    agent_version         TEXT COLLATE "C",
    sample_json           TEXT COLLATE "C" NOT NULL
);

-- Counted (not set-aside) measured samples per cell, kept by ingest in the same transaction as the samples, so the
-- set-aside decision is a key lookup instead of a count over all samples.
CREATE TABLE cell_counts (
    cell_id     TEXT COLLATE "C" PRIMARY KEY,
    campaign_id TEXT COLLATE "C",
    measured    INTEGER NOT NULL
);

CREATE INDEX cells_campaign ON cells (campaign_id, ord);

CREATE INDEX units_campaign ON units (campaign_id, ord);

CREATE INDEX leases_campaign ON leases (campaign_id);

CREATE INDEX samples_campaign_seq ON samples (campaign_id, seq);

CREATE INDEX samples_seq ON samples (seq);

CREATE INDEX cell_counts_campaign ON cell_counts (campaign_id);
