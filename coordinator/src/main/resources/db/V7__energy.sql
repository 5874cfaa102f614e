-- V6: energy per answer. The joules a request used where its machine exposes an energy counter (RAPL, a battery on
-- battery), and whether the counter covers more than the engine (always so today: a CPU package, a whole battery).
-- NULL: not measured. Source, domains, seconds, per-token figure and idle power stay in sample_json.
ALTER TABLE samples ADD COLUMN energy_j DOUBLE;
ALTER TABLE samples ADD COLUMN energy_estimate BOOLEAN;
