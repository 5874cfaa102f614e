package dev.fleetbench.common.recommend;

import dev.fleetbench.common.recommend.Recommendation.Reason;
import dev.fleetbench.common.stats.SampleStats;
import java.util.Locale;

/**
 * The service-level and evidence checks, in the order a candidate is judged: unavailable, no data, too few successful
 * requests, too many errors (point estimate at or above the limit), memory, TTFT, decode, energy per answer (where
 * measured and capped), suspected CPU fallback,
 * error rate not shown below the limit (Wilson upper bound), quality in this use case. Speed comes before the Wilson check so that a model that
 * is plainly too slow is called too slow, not merely under-measured. Pure.
 */
final class Checks {

    /** A broken rule: its reason code and the figures behind it. */
    record Broken(Reason reason, String detail) {
    }

    private Checks() {
    }

    static Broken firstBroken(Candidate c, ServiceLevels slo, EvidenceRules rules) {
        if (c.failureReason() != null) {
            return new Broken(c.unavailable() == null ? Reason.NOT_MEASURED : c.unavailable(), c.failureReason());
        }
        SampleStats s = c.stats();
        int ok = s.requests() - s.failures();
        if (s.requests() == 0 || s.ttftMs().n() == 0 || s.ttftMs().p90() == null) {
            return new Broken(Reason.NO_DATA, "no successful measured request");
        }
        if (s.errorRate() >= slo.maxErrorRate()) {
            return new Broken(Reason.TOO_MANY_ERRORS, String.format(Locale.ROOT,
                    "error rate %.1f %% ≥ %.1f %% (%d of %d requests failed)", 100 * s.errorRate(),
                    100 * slo.maxErrorRate(), s.failures(), s.requests()));
        }
        if (ok < rules.minRequests()) {
            return new Broken(Reason.INSUFFICIENT_EVIDENCE, String.format(Locale.ROOT,
                    "%d successful measured request(s) < %d", ok, rules.minRequests()));
        }
        if (c.peakRssBytes() != null && c.ramBytes() > 0 && c.peakRssBytes() > slo.maxMemoryFraction() * c.ramBytes()) {
            return new Broken(Reason.DOES_NOT_FIT, String.format(Locale.ROOT,
                    "peak memory %.1f GB > %.0f %% of %.1f GB RAM", c.peakRssBytes() / 1e9,
                    100 * slo.maxMemoryFraction(), c.ramBytes() / 1e9));
        }
        if (s.ttftMs().p90() > slo.ttftP90MaxMs()) {
            return new Broken(Reason.TOO_SLOW, String.format(Locale.ROOT,
                    "TTFT p90 %.0f ms > %.0f ms", s.ttftMs().p90(), slo.ttftP90MaxMs()));
        }
        if (s.decodeTps().n() == 0 || s.decodeTps().p50() == null) {
            return new Broken(Reason.NO_DATA, "no decode rate measured (answers of one token)");
        }
        if (s.decodeTps().p50() < slo.decodeP50MinTps()) {
            return new Broken(Reason.TOO_SLOW, String.format(Locale.ROOT,
                    "decode p50 %.1f tok/s < %.1f tok/s", s.decodeTps().p50(), slo.decodeP50MinTps()));
        }
        if (slo.maxJoulesPerAnswer() != null && c.joulesPerAnswer() != null
                && c.joulesPerAnswer() > slo.maxJoulesPerAnswer()) {
            return new Broken(Reason.TOO_MUCH_ENERGY, String.format(Locale.ROOT,
                    "%.1f J per answer > %.1f J (estimated from counters that cover more than the engine)",
                    c.joulesPerAnswer(), slo.maxJoulesPerAnswer()));
        }
        if (c.suspectedCpuFallback()) {
            return new Broken(Reason.SUSPECTED_CPU_FALLBACK, "suspected CPU fallback: its decode kept the CPU at least"
                    + " half as busy as the CPU variant of the same model on the same machine");
        }
        double upper = Evidence.wilsonUpper(s.requests(), s.failures());
        if (upper >= slo.maxErrorRate()) {
            return new Broken(Reason.INSUFFICIENT_EVIDENCE, String.format(Locale.ROOT,
                    "error rate %.1f %% (%d of %d failed), but its 95 %% upper bound %.1f %%"
                            + " is not below %.1f %%", 100 * s.errorRate(), s.failures(), s.requests(), 100 * upper,
                    100 * slo.maxErrorRate()));
        }
        QualityEstimate q = c.measuredQuality();
        if (q != null && q.mean() < rules.minQuality()) {
            return new Broken(Reason.FAILED_QUALITY_CHECK, String.format(Locale.ROOT,
                    "quality %.2f < %.2f in this use case (n=%d, %d passed, 95 %% CI %.2f–%.2f)", q.mean(),
                    rules.minQuality(), q.n(), q.passes(), q.low(), q.high()));
        }
        if (c.qualityFailed()) {
            return new Broken(Reason.FAILED_QUALITY_CHECK, "an answer failed its quality check");
        }
        return null;
    }
}
