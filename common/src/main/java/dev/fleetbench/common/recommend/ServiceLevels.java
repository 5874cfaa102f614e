package dev.fleetbench.common.recommend;

/**
 * The service levels a model variant must meet to be recommended (metrics.md, "Recommendation"); configurable per
 * campaign. Immutable.
 *
 * @param ttftP90MaxMs         TTFT p90 at most this many ms
 * @param decodeP50MinTps      decode rate p50 at least this many tokens/s
 * @param maxErrorRate         error rate strictly below this (0.01 = 1 %)
 * @param maxMemoryFraction    peak memory at most this fraction of the machine's RAM
 */
public record ServiceLevels(double ttftP90MaxMs, double decodeP50MinTps, double maxErrorRate, double maxMemoryFraction) {

    public static final ServiceLevels DEFAULTS = new ServiceLevels(2000, 10, 0.01, 0.8);

    public ServiceLevels {
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
