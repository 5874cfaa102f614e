package dev.fleetbench.coordinator.domain.results;

import java.time.Instant;

/**
 * One blind side-by-side rating: two answers to one prompt, each scored 1–5 on accuracy, clarity and completeness
 * (the seed labs' rubric) by someone who did not know which model wrote which.
 *
 * @param id           rating id
 * @param campaignId   campaign of both answers
 * @param promptId     the prompt
 * @param useCase      the prompt's category
 * @param sampleA      answer shown as A
 * @param sampleB      answer shown as B
 * @param modelA       model of A (revealed after rating)
 * @param modelB       model of B
 * @param a            scores of A
 * @param b            scores of B
 * @param createdAt    when
 */
public record RatingRecord(String id, String campaignId, String promptId, String useCase, String sampleA,
                           String sampleB, String modelA, String modelB, Scores a, Scores b, Instant createdAt) {

    /** Scores 1–5 each. */
    public record Scores(int accuracy, int clarity, int completeness) {

        public Scores {
            check("accuracy", accuracy);
            check("clarity", clarity);
            check("completeness", completeness);
        }

        private static void check(String field, int v) {
            if (v < 1 || v > 5) {
                throw new IllegalArgumentException(field + " must be between 1 and 5, got " + v);
            }
        }

        /** The mean of the three scores. */
        public double mean() {
            return (accuracy + clarity + completeness) / 3.0;
        }
    }
}
