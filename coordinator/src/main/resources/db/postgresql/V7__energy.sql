-- V6 for PostgreSQL (as db/V6__energy.sql): the joules a request used where its machine exposes an energy counter,
-- and whether the counter covers more than the engine. NULL: not measured. The rest stays in sample_json.
ALTER TABLE samples ADD COLUMN energy_j DOUBLE PRECISION;
ALTER TABLE samples ADD COLUMN energy_estimate BOOLEAN;
