-- V5 for PostgreSQL (as db/V5__device_truth.sql): a sample whose NPU or GPU decode kept the CPU at least half as busy
-- as the CPU variant of the same alias on the same machine is flagged "suspected CPU fallback" (NULL: not judged,
-- e.g. no CPU reference yet). The rest of the device truth stays in sample_json.
ALTER TABLE samples ADD COLUMN suspected_cpu_fallback BOOLEAN;
