package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.metrics.MetricMaps;
import dev.fleetbench.common.recommend.QualityEstimate;
import dev.fleetbench.common.stats.Summary;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One group of an aggregate: its keys, the fingerprint it pools, its request and failure counts, and a summary of each
 * metric over its successful requests (percentiles by {@code quantile_cont}).
 *
 * @param keys              the value of each requested dimension
 * @param engine            engine kind
 * @param engineVersion     engine version
 * @param executionProvider execution provider
 * @param promptSetVersion  prompt-set version
 * @param machines          distinct workers whose samples the group pools
 * @param requests          measured requests
 * @param failures          failed measured requests
 * @param metrics           metric ({@link Metric#PER_REQUEST}) → summary; percentiles
 *                          and the median's interval weight every cell equally ({@code CellWeights})
 * @param quality           the automatic quality scores of the group's scored ok answers; null when none was scored
 * @param cells             cells (machine × variant × prompt of a campaign) whose samples the group pools; 0 when
 *                          not known
 * @param suspectedCpuFallback measured requests flagged "suspected CPU fallback" (an NPU/GPU decode as CPU-busy as
 *                          the CPU variant's on the same machine); 0 when none or not judged
 * @param energy            tokens per joule and joules per answer of its requests measured with an energy counter;
 *                          null when none was
 */
public record AggregateRow(Map<Dimension, String> keys, String engine, String engineVersion, String executionProvider,
                           String promptSetVersion, int machines, int requests, int failures,
                           Map<Metric, Summary> metrics, QualityEstimate quality, int cells,
                           int suspectedCpuFallback, EnergyFigures energy) {

    public AggregateRow {
        keys = Collections.unmodifiableMap(new EnumMap<>(keys.isEmpty() ? new EnumMap<>(Dimension.class) : keys));
        // Enum order is the order the API and CSV show the metrics in (Metric.PER_REQUEST); a lookup by a name
        // instead of a Metric throws rather than finding nothing.
        metrics = MetricMaps.strict(metrics);
    }

    /** A group without energy figures. */
    public AggregateRow(Map<Dimension, String> keys, String engine, String engineVersion, String executionProvider,
                        String promptSetVersion, int machines, int requests, int failures, Map<Metric, Summary> metrics,
                        QualityEstimate quality, int cells, int suspectedCpuFallback) {
        this(keys, engine, engineVersion, executionProvider, promptSetVersion, machines, requests, failures, metrics,
                quality, cells, suspectedCpuFallback, null);
    }

    /** The same group with other metric summaries (cell-weighted percentiles), everything else kept. */
    public AggregateRow withMetrics(Map<Metric, Summary> summaries) {
        return new AggregateRow(keys, engine, engineVersion, executionProvider, promptSetVersion, machines, requests,
                failures, summaries, quality, cells, suspectedCpuFallback, energy);
    }

    /** A group without CPU-fallback verdicts. */
    public AggregateRow(Map<Dimension, String> keys, String engine, String engineVersion, String executionProvider,
                        String promptSetVersion, int machines, int requests, int failures, Map<Metric, Summary> metrics,
                        QualityEstimate quality, int cells) {
        this(keys, engine, engineVersion, executionProvider, promptSetVersion, machines, requests, failures, metrics,
                quality, cells, 0);
    }

    /** A group without quality scores whose cell count is not known. */
    public AggregateRow(Map<Dimension, String> keys, String engine, String engineVersion, String executionProvider,
                        String promptSetVersion, int machines, int requests, int failures, Map<Metric, Summary> metrics) {
        this(keys, engine, engineVersion, executionProvider, promptSetVersion, machines, requests, failures, metrics,
                null, 0);
    }

    /** A group whose cell count is not known. */
    public AggregateRow(Map<Dimension, String> keys, String engine, String engineVersion, String executionProvider,
                        String promptSetVersion, int machines, int requests, int failures, Map<Metric, Summary> metrics,
                        QualityEstimate quality) {
        this(keys, engine, engineVersion, executionProvider, promptSetVersion, machines, requests, failures, metrics,
                quality, 0);
    }

    /** A group without quality scores. */
    public AggregateRow(Map<Dimension, String> keys, String engine, String engineVersion, String executionProvider,
                        String promptSetVersion, int machines, int requests, int failures, Map<Metric, Summary> metrics,
                        int cells) {
        this(keys, engine, engineVersion, executionProvider, promptSetVersion, machines, requests, failures, metrics,
                null, cells);
    }
}
