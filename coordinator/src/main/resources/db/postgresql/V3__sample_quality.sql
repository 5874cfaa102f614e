-- V3 for PostgreSQL (as db/V3__sample_quality.sql): the automatic quality score of every checked answer, so that
-- aggregates give a quality score per hardware class, model and use case without parsing sample_json. The reason
-- stays in sample_json. NULL when the prompt has no check or the request failed.
ALTER TABLE samples ADD COLUMN quality_score DOUBLE PRECISION;
ALTER TABLE samples ADD COLUMN quality_verdict TEXT COLLATE "C";
