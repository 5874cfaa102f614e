-- V4 for PostgreSQL: the same table as db/V4__hardware_profiles.sql, TEXT columns COLLATE "C" as in V1.
CREATE TABLE hardware_profiles (
    profile_hash TEXT COLLATE "C" PRIMARY KEY,
    class_key    TEXT COLLATE "C" NOT NULL,
    class_label  TEXT COLLATE "C" NOT NULL,
    has_battery  BOOLEAN NOT NULL,
    ram_gb       INTEGER NOT NULL,
    ram_bytes    BIGINT NOT NULL,
    accelerator  TEXT COLLATE "C" NOT NULL,
    source       TEXT COLLATE "C" NOT NULL,
    profile_json TEXT COLLATE "C",
    recorded_at  TIMESTAMP NOT NULL
);
