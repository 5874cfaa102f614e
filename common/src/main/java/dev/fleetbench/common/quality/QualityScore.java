package dev.fleetbench.common.quality;

import java.util.Objects;

/**
 * What an automatic check made of one answer. Immutable.
 *
 * @param score   in [0, 1]: the share of the check's requirements the answer meets
 * @param verdict pass (score 1), fail (score 0) or partial (in between)
 * @param reason  for people: what was found or missing; never null
 */
public record QualityScore(double score, Verdict verdict, String reason) {

    public QualityScore {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("quality score " + score + " is outside [0, 1]");
        }
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        if ((verdict == Verdict.PASS) != (score == 1.0) || (verdict == Verdict.FAIL) != (score == 0.0)) {
            throw new IllegalArgumentException("verdict " + verdict.wire() + " does not agree with score " + score);
        }
    }

    public static QualityScore pass(String reason) {
        return new QualityScore(1.0, Verdict.PASS, reason);
    }

    public static QualityScore fail(String reason) {
        return new QualityScore(0.0, Verdict.FAIL, reason);
    }

    /** {@code met} of {@code of} requirements met; pass or fail at the ends. */
    public static QualityScore partial(int met, int of, String reason) {
        if (of <= 0 || met < 0 || met > of) {
            throw new IllegalArgumentException(met + " of " + of + " requirements");
        }
        double s = met / (double) of;
        return new QualityScore(s, met == of ? Verdict.PASS : met == 0 ? Verdict.FAIL : Verdict.PARTIAL, reason);
    }
}
