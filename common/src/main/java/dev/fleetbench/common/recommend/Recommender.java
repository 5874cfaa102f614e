package dev.fleetbench.common.recommend;

import dev.fleetbench.common.recommend.Recommendation.Reason;
import dev.fleetbench.common.recommend.Recommendation.Rejection;
import dev.fleetbench.common.stats.SampleStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The recommendation rule of metrics.md, for one use case on one hardware class (or one machine). Candidates are the
 * variants that meet the service levels with enough evidence: at least {@link EvidenceRules#minRequests} successful
 * measured requests, the error rate's 95 % Wilson upper bound below the limit, TTFT p90, decode p50, peak memory
 * against RAM (where measured; "not measured" is said, never passed silently), and a mean measured quality score of
 * at least {@link EvidenceRules#minQuality} in this use case. Among them {@link Ranking} decides; the summary names
 * what decided, and calls the winner "best" only when measured quality or ratings did. Every other candidate gets the
 * first reason it lost and its {@link Evidence}. Pure; the local {@code bench} and the coordinator both use it.
 */
public final class Recommender {

    private Recommender() {
    }

    public static Recommendation recommend(List<Candidate> candidates, ServiceLevels slo) {
        return recommend(candidates, slo, EvidenceRules.DEFAULTS);
    }

    public static Recommendation recommend(List<Candidate> candidates, ServiceLevels slo, EvidenceRules rules) {
        List<Rejection> rejected = new ArrayList<>();
        List<Candidate> passing = new ArrayList<>();
        for (Candidate c : candidates) {
            Rejection r = check(c, slo, rules);
            if (r == null) {
                passing.add(c);
            } else {
                rejected.add(r);
            }
        }
        if (passing.isEmpty()) {
            return new Recommendation(null, "No model meets the service levels with enough evidence (" + describe(slo)
                    + ", at least " + rules.minRequests() + " successful requests).", order(candidates, rejected),
                    RankBasis.NONE, null);
        }
        Ranking ranking = new Ranking(passing, rules);
        passing.sort(ranking.order());
        Candidate best = passing.get(0);
        for (Candidate other : passing.subList(1, passing.size())) {
            Ranking.Criterion k = ranking.separating(best, other);
            boolean quality = k != null
                    && (k.basis() == RankBasis.MEASURED_QUALITY || k.basis() == RankBasis.RATINGS);
            String detail = k == null
                    ? "meets the service levels and ties with " + best.model() + " on every figure; ordered by name"
                    : "meets the service levels, but " + best.model() + " ranks higher by " + basisWords(k.basis())
                    + " (" + k.words().apply(other) + " vs " + k.words().apply(best) + ")";
            rejected.add(new Rejection(other.model(), quality ? Reason.LOWER_QUALITY : Reason.RANKED_LOWER, detail,
                    Evidence.of(other)));
        }
        RankBasis basis = RankBasis.ONLY_CANDIDATE;
        if (passing.size() > 1) {
            Ranking.Criterion k = ranking.separating(best, passing.get(1));
            basis = k == null ? RankBasis.SPEED : k.basis();
        }
        Evidence e = Evidence.of(best);
        SampleStats s = best.stats();
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "Recommended: %s (decode p50 %.1f tok/s, TTFT p90 %.0f ms, n=%d", best.model(), s.decodeTps().p50(),
                s.ttftMs().p90(), e.successes()));
        if (best.measuredQuality() != null) {
            summary.append(", ").append(Ranking.qualityWords(best.measuredQuality()));
        }
        summary.append(", peak memory ").append(e.memoryWords()).append("): ")
                .append(winnerWords(basis, best, ranking.usesQuality()))
                .append(" of ").append(passing.size()).append(" model(s) that meet the service levels with enough")
                .append(" evidence (").append(describe(slo)).append(").");
        ranking.skipped().forEach(note -> summary.append(' ').append(capitalise(note)).append('.'));
        return new Recommendation(best.model(), summary.toString(), order(candidates, rejected), basis, e);
    }

    private static List<Rejection> order(List<Candidate> candidates, List<Rejection> rejected) {
        List<Rejection> ordered = new ArrayList<>();
        for (Candidate c : candidates) {
            rejected.stream().filter(r -> r.model().equals(c.model())).findFirst().ifPresent(ordered::add);
        }
        return ordered;
    }

    private static String winnerWords(RankBasis basis, Candidate best, boolean qualityTied) {
        return switch (basis) {
            case ONLY_CANDIDATE -> "the only one";
            case MEASURED_QUALITY -> "the best measured quality in this use case";
            case RATINGS -> "the best human rating in this use case";
            case PARAMETERS -> "ranked by parameter count (" + formatParams(best.parameterCount())
                    + (qualityTied ? "): measured quality does not separate them" : "): no quality evidence");
            case FILE_SIZE -> "ranked by file size within quantization family " + Ranking.family(best.quantization())
                    + (qualityTied ? ": measured quality does not separate them" : ": no quality evidence");
            default -> qualityTied ? "ranked by speed: measured quality does not separate them"
                    : "ranked by speed: no quality evidence";
        };
    }

    private static String basisWords(RankBasis basis) {
        return switch (basis) {
            case MEASURED_QUALITY -> "measured quality";
            case RATINGS -> "human ratings";
            case PARAMETERS -> "parameter count";
            case FILE_SIZE -> "file size within one quantization family";
            default -> "speed";
        };
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The first rule the candidate breaks under the default evidence rules, or null when it passes them all. */
    public static Rejection check(Candidate c, ServiceLevels slo) {
        return check(c, slo, EvidenceRules.DEFAULTS);
    }

    /** The first rule the candidate breaks, with its evidence, or null when it passes them all. */
    public static Rejection check(Candidate c, ServiceLevels slo, EvidenceRules rules) {
        Checks.Broken why = Checks.firstBroken(c, slo, rules);
        return why == null ? null : new Rejection(c.model(), why.reason(), why.detail(), Evidence.of(c));
    }

    static String formatParams(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1fB", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.0fK", n / 1e3);
    }

    public static String describe(ServiceLevels slo) {
        return String.format(Locale.ROOT, "TTFT p90 ≤ %.0f ms, decode p50 ≥ %.0f tok/s, errors < %.0f %% at the 95 %%"
                        + " upper bound, memory ≤ %.0f %% of RAM",
                slo.ttftP90MaxMs(), slo.decodeP50MinTps(), 100 * slo.maxErrorRate(), 100 * slo.maxMemoryFraction());
    }
}
