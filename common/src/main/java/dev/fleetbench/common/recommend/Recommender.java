package dev.fleetbench.common.recommend;

import dev.fleetbench.common.recommend.Recommendation.Reason;
import dev.fleetbench.common.recommend.Recommendation.Rejection;
import dev.fleetbench.common.stats.SampleStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The recommendation rule of metrics.md: the best-quality variant that meets the service levels (TTFT p90, decode
 * p50, error rate, peak memory against RAM) and failed no quality check. Quality is the quality score where one
 * exists, else the parameter count (a bigger model of one family answers better), then the faster decode. Every
 * other candidate gets the first reason it lost. Pure; the local {@code bench} and the coordinator both use it.
 */
public final class Recommender {

    private static final Comparator<Candidate> BEST_FIRST = Comparator
            .comparing((Candidate c) -> c.qualityScore() == null ? Double.NEGATIVE_INFINITY : c.qualityScore())
            .thenComparingLong(Candidate::parameterCount)
            .thenComparingDouble(c -> c.stats().decodeTps().p50())
            .reversed()
            .thenComparing(Candidate::model);

    private Recommender() {
    }

    public static Recommendation recommend(List<Candidate> candidates, ServiceLevels slo) {
        List<Rejection> rejected = new ArrayList<>();
        List<Candidate> passing = new ArrayList<>();
        for (Candidate c : candidates) {
            Rejection r = check(c, slo);
            if (r == null) {
                passing.add(c);
            } else {
                rejected.add(r);
            }
        }
        if (passing.isEmpty()) {
            return new Recommendation(null, "No model meets the service levels (" + describe(slo) + ").", rejected);
        }
        passing.sort(BEST_FIRST);
        Candidate best = passing.get(0);
        for (Candidate other : passing.subList(1, passing.size())) {
            rejected.add(new Rejection(other.model(), Reason.LOWER_QUALITY, "meets the service levels, but "
                    + best.model() + " ranks higher (" + qualityWords(other) + " vs " + qualityWords(best) + ")"));
        }
        List<Rejection> ordered = new ArrayList<>();
        for (Candidate c : candidates) {
            rejected.stream().filter(r -> r.model().equals(c.model())).findFirst().ifPresent(ordered::add);
        }
        SampleStats s = best.stats();
        String summary = String.format(Locale.ROOT,
                "Recommended: %s (decode p50 %.1f tok/s, TTFT p90 %.0f ms): the best-quality of %d model(s) that meet"
                        + " the service levels (%s).",
                best.model(), s.decodeTps().p50(), s.ttftMs().p90(), passing.size(), describe(slo));
        return new Recommendation(best.model(), summary, ordered);
    }

    /** The first rule the candidate breaks, or null when it passes them all. */
    public static Rejection check(Candidate c, ServiceLevels slo) {
        if (c.failureReason() != null) {
            return new Rejection(c.model(), c.unavailable() == null ? Reason.NOT_MEASURED : c.unavailable(),
                    c.failureReason());
        }
        SampleStats s = c.stats();
        if (s.requests() == 0 || s.ttftMs().n() == 0) {
            return new Rejection(c.model(), Reason.NO_DATA, "no successful measured request");
        }
        if (s.errorRate() >= slo.maxErrorRate()) {
            return new Rejection(c.model(), Reason.TOO_MANY_ERRORS, String.format(Locale.ROOT,
                    "error rate %.1f %% ≥ %.1f %% (%d of %d requests failed)", 100 * s.errorRate(),
                    100 * slo.maxErrorRate(), s.failures(), s.requests()));
        }
        if (c.peakRssBytes() != null && c.ramBytes() > 0 && c.peakRssBytes() > slo.maxMemoryFraction() * c.ramBytes()) {
            return new Rejection(c.model(), Reason.DOES_NOT_FIT, String.format(Locale.ROOT,
                    "peak memory %.1f GB > %.0f %% of %.1f GB RAM", c.peakRssBytes() / 1e9,
                    100 * slo.maxMemoryFraction(), c.ramBytes() / 1e9));
        }
        if (s.ttftMs().p90() > slo.ttftP90MaxMs()) {
            return new Rejection(c.model(), Reason.TOO_SLOW, String.format(Locale.ROOT,
                    "TTFT p90 %.0f ms > %.0f ms", s.ttftMs().p90(), slo.ttftP90MaxMs()));
        }
        if (s.decodeTps().n() == 0) {
            return new Rejection(c.model(), Reason.NO_DATA, "no decode rate measured (answers of one token)");
        }
        if (s.decodeTps().p50() < slo.decodeP50MinTps()) {
            return new Rejection(c.model(), Reason.TOO_SLOW, String.format(Locale.ROOT,
                    "decode p50 %.1f tok/s < %.1f tok/s", s.decodeTps().p50(), slo.decodeP50MinTps()));
        }
        if (c.qualityFailed()) {
            return new Rejection(c.model(), Reason.FAILED_QUALITY_CHECK, "an answer failed its quality check");
        }
        return null;
    }

    private static String qualityWords(Candidate c) {
        if (c.qualityScore() != null) {
            return String.format(Locale.ROOT, "quality %.2f", c.qualityScore());
        }
        return c.parameterCount() > 0 ? formatParams(c.parameterCount()) + " parameters"
                : String.format(Locale.ROOT, "decode p50 %.1f tok/s", c.stats().decodeTps().p50());
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
        return String.format(Locale.ROOT, "TTFT p90 ≤ %.0f ms, decode p50 ≥ %.0f tok/s, errors < %.0f %%, memory ≤ %.0f %% of RAM",
                slo.ttftP90MaxMs(), slo.decodeP50MinTps(), 100 * slo.maxErrorRate(), 100 * slo.maxMemoryFraction());
    }
}
