package dev.fleetbench.coordinator.domain.results;

/**
 * The energy of a group's successful measured requests whose machines read an energy counter, pooled as sums (never
 * an average of per-machine ratios): tokens per joule is all their output tokens over all their joules. Immutable.
 *
 * @param requests     successful measured requests with an energy figure
 * @param joules       their joules, J
 * @param outputTokens their output tokens
 * @param estimate     true when any of the figures comes from a counter that covers more than the engine
 */
public record EnergyFigures(int requests, double joules, long outputTokens, boolean estimate) {

    public EnergyFigures {
        if (requests <= 0 || !(joules >= 0) || outputTokens < 0) {
            throw new IllegalArgumentException("energy figures need requests > 0, joules >= 0 and output tokens >= 0,"
                    + " got " + requests + ", " + joules + ", " + outputTokens);
        }
    }

    /** Output tokens per joule; null when no joule was counted. */
    public Double tokensPerJoule() {
        return joules > 0 ? outputTokens / joules : null;
    }

    /** Mean joules per answer, J. */
    public double joulesPerAnswer() {
        return joules / requests;
    }
}
