package dev.fleetbench.common.recommend;

/**
 * How much evidence a recommendation needs (metrics.md "Recommendation"); configurable per campaign under
 * {@code evidence:}. Immutable.
 *
 * @param minRequests   a candidate needs at least this many successful measured requests in the use case and class,
 *                      else it is "insufficient evidence"
 * @param minScored     measured quality ranks the candidates only when every compared one has at least this many
 *                      scored answers in the use case
 * @param minRatings    human ratings rank the candidates only when every compared one has at least this many
 * @param minQuality    a candidate whose mean measured quality score in the use case is below this fails its quality
 *                      check there (and only there)
 */
public record EvidenceRules(int minRequests, int minScored, int minRatings, double minQuality) {

    /**
     * 10 requests; 5 scored answers (one small suite of five tasks on one machine); 5 ratings; a mean score of 0.5
     * (a model that gets most of a use case's checks wrong is not recommended for it).
     */
    public static final EvidenceRules DEFAULTS = new EvidenceRules(10, 5, 5, 0.5);

    public EvidenceRules {
        if (minRequests < 1) {
            throw new IllegalArgumentException("evidence.min_requests must be at least 1, got " + minRequests);
        }
        if (minScored < 1) {
            throw new IllegalArgumentException("evidence.min_scored must be at least 1, got " + minScored);
        }
        if (minRatings < 1) {
            throw new IllegalArgumentException("evidence.min_ratings must be at least 1, got " + minRatings);
        }
        if (!(minQuality >= 0 && minQuality <= 1)) {
            throw new IllegalArgumentException("evidence.min_quality must be in [0, 1], got " + minQuality);
        }
    }
}
