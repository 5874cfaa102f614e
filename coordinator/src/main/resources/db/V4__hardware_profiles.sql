-- V3: every hardware profile by its hash, with the class it was given when it was first stored (metrics.md "Hardware
-- class": history is never reclassified). A sample's class is its profile's row joined on the sample's
-- hardware_profile_hash, plus the sample's own power source for machines with a battery (HardwareProfiles.CLASS_KEY).
-- Written when a worker registers and when a campaign is imported; the rows of existing stores are filled from the
-- stored registrations by a step in Java that runs in this migration's transaction (HardwareProfiles.backfill).
-- class_key and class_label leave the power part out; has_battery says whether one is added.
CREATE TABLE hardware_profiles (
    profile_hash TEXT PRIMARY KEY,
    class_key    TEXT NOT NULL,
    class_label  TEXT NOT NULL,
    has_battery  BOOLEAN NOT NULL,
    ram_gb       INTEGER NOT NULL,
    ram_bytes    BIGINT NOT NULL,
    accelerator  TEXT NOT NULL,
    source       TEXT NOT NULL,
    profile_json TEXT,
    recorded_at  TIMESTAMP NOT NULL
);
