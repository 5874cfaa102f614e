package dev.fleetbench.common.recommend;

/**
 * The service levels a model variant must meet to be recommended (metrics.md, "Recommendation"); configurable per
 * campaign. Immutable.
 *
 * @param ttftP90MaxMs         TTFT p90 at most this many ms
 * @param decodeP50MinTps      decode rate p50 at least this many tokens/s
 * @param maxErrorRate         error rate strictly below this (0.01 = 1 %)
 * @param maxMemoryFraction    peak memory at most this fraction of the machine's RAM
 * @param maxJoulesPerAnswer   mean energy per answer at most this many joules where it was measured (an estimate:
 *                             the counters cover more than the engine); null for no cap
 */
public record ServiceLevels(double ttftP90MaxMs, double decodeP50MinTps, double maxErrorRate, double maxMemoryFraction,
                            Double maxJoulesPerAnswer) {

    public static final ServiceLevels DEFAULTS = new ServiceLevels(2000, 10, 0.01, 0.8);

    /** Service levels without an energy cap. */
    public ServiceLevels(double ttftP90MaxMs, double decodeP50MinTps, double maxErrorRate, double maxMemoryFraction) {
        this(ttftP90MaxMs, decodeP50MinTps, maxErrorRate, maxMemoryFraction, null);
    }

    public ServiceLevels {
        if (maxJoulesPerAnswer != null && !(maxJoulesPerAnswer > 0)) {
            throw new IllegalArgumentException("slo.max_joules_per_answer must be positive");
        }
        if (!(ttftP90MaxMs > 0)) {
            throw new IllegalArgumentException("slo.ttft_p90_max_ms must be positive");
        }
        if (!(decodeP50MinTps >= 0)) {
            throw new IllegalArgumentException("slo.decode_p50_min_tps must not be negative");
        }
        if (!(maxErrorRate > 0 && maxErrorRate <= 1)) {
            throw new IllegalArgumentException("slo.max_error_rate must be in (0, 1]");
        }
        if (!(maxMemoryFraction > 0 && maxMemoryFraction <= 1)) {
            throw new IllegalArgumentException("slo.max_memory_fraction must be in (0, 1]");
        }
    }
}
