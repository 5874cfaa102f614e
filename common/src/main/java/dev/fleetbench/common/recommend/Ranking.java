package dev.fleetbench.common.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Orders the candidates that met the service levels (metrics.md "Recommendation"): measured quality in the use case,
 * then blind ratings, then parameter count, then file size within one quantization family, then decode rate. A
 * criterion takes part only when every compared candidate has enough of it, so a model with no evidence can never
 * win or lose on evidence only the others have. Pure.
 */
final class Ranking {

    /** One way to compare candidates: whether all have it, the key (higher is better), and how to say it. */
    record Criterion(RankBasis basis, Predicate<Candidate> has, Function<Candidate, Double> key,
                     Function<Candidate, String> words) {
    }

    private final List<Criterion> used = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    Ranking(List<Candidate> passing, EvidenceRules rules) {
        List<Criterion> all = List.of(
                new Criterion(RankBasis.MEASURED_QUALITY,
                        c -> c.measuredQuality() != null && c.measuredQuality().n() >= rules.minScored(),
                        c -> c.measuredQuality().mean(), c -> qualityWords(c.measuredQuality())),
                new Criterion(RankBasis.RATINGS, c -> c.qualityScore() != null && c.ratingCount() >= rules.minRatings(),
                        Candidate::qualityScore, c -> String.format(Locale.ROOT, "rating %.2f of 5 (n=%d)",
                                c.qualityScore(), c.ratingCount())),
                new Criterion(RankBasis.PARAMETERS, c -> c.parameterCount() > 0, c -> (double) c.parameterCount(),
                        c -> Recommender.formatParams(c.parameterCount()) + " parameters"),
                new Criterion(RankBasis.FILE_SIZE, c -> c.fileSizeBytes() != null && c.fileSizeBytes() > 0
                        && c.quantization() != null, c -> (double) c.fileSizeBytes(),
                        c -> String.format(Locale.ROOT, "file %.2f GB, %s", c.fileSizeBytes() / 1e9, c.quantization())));
        boolean paramsUsed = false;
        for (Criterion k : all) {
            List<String> missing = passing.stream().filter(k.has().negate()).map(Candidate::model).toList();
            if (k.basis() == RankBasis.FILE_SIZE && paramsUsed) {
                continue; // capability is parameters where known; file size only stands in for it
            }
            if (!missing.isEmpty()) {
                if (missing.size() < passing.size()) { // say so only where some candidates had this evidence
                    skipped.add(skipWords(k.basis(), missing, rules));
                }
                continue;
            }
            if (k.basis() == RankBasis.FILE_SIZE && passing.stream().map(c -> family(c.quantization())).distinct()
                    .count() > 1) {
                skipped.add("file sizes not compared: quantization families differ");
                continue;
            }
            used.add(k);
            paramsUsed |= k.basis() == RankBasis.PARAMETERS;
        }
        used.add(new Criterion(RankBasis.SPEED, c -> true, c -> c.stats().decodeTps().p50(),
                c -> String.format(Locale.ROOT, "decode p50 %.1f tok/s", c.stats().decodeTps().p50())));
    }

    /** True when measured quality or ratings took part in the ranking (and so tied where a later criterion decided). */
    boolean usesQuality() {
        return used.stream().anyMatch(k -> k.basis() == RankBasis.MEASURED_QUALITY || k.basis() == RankBasis.RATINGS);
    }

    /** Best first; ties broken by model id. */
    Comparator<Candidate> order() {
        Comparator<Candidate> cmp = (a, b) -> 0;
        for (Criterion k : used) {
            cmp = cmp.thenComparing(Comparator.comparing(k.key()).reversed());
        }
        return cmp.thenComparing(Candidate::model);
    }

    /** The first criterion that separates two candidates; null when they tie on all. */
    Criterion separating(Candidate best, Candidate other) {
        for (Criterion k : used) {
            if (Double.compare(k.key().apply(best), k.key().apply(other)) != 0) {
                return k;
            }
        }
        return null;
    }

    /** Why evidence that exists for some candidates did not rank them, for people; empty when nothing was left out. */
    List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** "Q4_K_M" and "Q4_0" are one family (Q4); "int4", "fp16" are their own. */
    static String family(String quantization) {
        String q = quantization.toUpperCase(Locale.ROOT);
        int cut = q.indexOf('_');
        return cut > 0 ? q.substring(0, cut) : q;
    }

    static String qualityWords(QualityEstimate q) {
        return String.format(Locale.ROOT, "quality %.2f (n=%d, 95 %% CI %.2f–%.2f)", q.mean(), q.n(), q.low(), q.high());
    }

    private static String skipWords(RankBasis basis, List<String> missing, EvidenceRules rules) {
        String who = String.join(", ", missing);
        return switch (basis) {
            case MEASURED_QUALITY -> "measured quality not compared: fewer than " + rules.minScored()
                    + " scored answers for " + who;
            case RATINGS -> "ratings not compared: fewer than " + rules.minRatings() + " ratings for " + who;
            case PARAMETERS -> "parameter counts not compared: unknown for " + who;
            default -> "file sizes not compared: unknown for " + who;
        };
    }
}
