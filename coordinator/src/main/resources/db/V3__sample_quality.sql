-- V3: the automatic quality score of every checked answer (computed on the worker from the prompt's check), so that
-- aggregates give a quality score per hardware class, model and use case without parsing sample_json. The reason
-- stays in sample_json. NULL when the prompt has no check or the request failed.
ALTER TABLE samples ADD COLUMN quality_score DOUBLE;
ALTER TABLE samples ADD COLUMN quality_verdict TEXT;

