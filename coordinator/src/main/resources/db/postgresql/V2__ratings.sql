-- V2 for PostgreSQL (as db/V2__ratings.sql, text by code point): blind side-by-side ratings of two answers to one prompt (1-5 on accuracy, clarity, completeness each).
-- The models stay in the row so that a quality score per model and use case needs no join with samples.
CREATE TABLE ratings (
    rating_id        TEXT COLLATE "C" PRIMARY KEY,
    campaign_id      TEXT COLLATE "C" NOT NULL,
    prompt_id        TEXT COLLATE "C" NOT NULL,
    use_case         TEXT COLLATE "C" NOT NULL,
    sample_a         TEXT COLLATE "C" NOT NULL,
    sample_b         TEXT COLLATE "C" NOT NULL,
    model_a          TEXT COLLATE "C" NOT NULL,
    model_b          TEXT COLLATE "C" NOT NULL,
    a_accuracy       INTEGER NOT NULL,
    a_clarity        INTEGER NOT NULL,
    a_completeness   INTEGER NOT NULL,
    b_accuracy       INTEGER NOT NULL,
    b_clarity        INTEGER NOT NULL,
    b_completeness   INTEGER NOT NULL,
    created_at       TIMESTAMP NOT NULL
);

CREATE INDEX ratings_campaign ON ratings (campaign_id);
