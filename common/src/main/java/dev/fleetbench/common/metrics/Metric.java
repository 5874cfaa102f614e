package dev.fleetbench.common.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * Every figure FleetBench reports about a model on a machine, with its unit, which direction is better and its
 * definition (metrics.md): the one source that the API ({@code GET /api/metrics}, the {@code definitions} of the
 * aggregates), the UI's hover text, the CSV headers and the HTML report read. Its JSON name (as a value and as a map
 * key) is {@link #id()}. Immutable and thread-safe.
 */
public enum Metric {

    @JsonProperty("ttft_ms")
    TTFT_MS("ttft_ms", "ms", Direction.LOWER_IS_BETTER, true,
            "Time to first token: t_first − t_send, from writing the request to the arrival of the first streamed"
                    + " chunk that carries generated text (ms)."),
    @JsonProperty("tpot_ms")
    TPOT_MS("tpot_ms", "ms", Direction.LOWER_IS_BETTER, false,
            "Time per output token after the first: (t_last − t_first) / (n_out − 1), only when n_out > 1 (ms)."),
    @JsonProperty("e2e_ms")
    E2E_MS("e2e_ms", "ms", Direction.LOWER_IS_BETTER, true,
            "End to end: t_end − t_send, from writing the request until [DONE] is parsed (or the final chunk of a"
                    + " stream without [DONE]); never the later moment the connection closes (ms)."),
    @JsonProperty("decode_tps")
    DECODE_TPS("decode_tps", "tok/s", Direction.HIGHER_IS_BETTER, true,
            "Decode rate: (n_out − 1) / (t_last − t_first) = 1000 / tpot_ms (tokens/s)."),
    @JsonProperty("prefill_tps")
    PREFILL_TPS("prefill_tps", "tok/s", Direction.HIGHER_IS_BETTER, false,
            "Prefill rate: n_in / ttft_ms × 1000 (tokens/s); includes queueing and transport."),
    /** Per lease, not per request: never summarised over requests, reported beside a group's figures. */
    @JsonProperty("peak_rss_bytes")
    PEAK_RSS_BYTES("peak_rss_bytes", "bytes", Direction.LOWER_IS_BETTER, false,
            "Peak resident memory of the engine during the measured requests (bytes); the highest of the group's"
                    + " leases.");

    /** Which way a figure is better. */
    public enum Direction {
        @JsonProperty("higher")
        HIGHER_IS_BETTER,
        @JsonProperty("lower")
        LOWER_IS_BETTER
    }

    /** The metrics measured per request, summarised per group, in the order the API and CSV show them. */
    public static final List<Metric> PER_REQUEST = List.of(TTFT_MS, TPOT_MS, E2E_MS, DECODE_TPS, PREFILL_TPS);

    private final String id;
    private final String unit;
    private final Direction direction;
    private final boolean withMedianInterval;
    private final String definition;

    Metric(String id, String unit, Direction direction, boolean withMedianInterval, String definition) {
        this.id = id;
        this.unit = unit;
        this.direction = direction;
        this.withMedianInterval = withMedianInterval;
        this.definition = definition;
    }

    /** The name in the API, the UI, CSV headers and the store's sample columns ({@code ttft_ms}). */
    public String id() {
        return id;
    }

    /** ms, tok/s or bytes. */
    public String unit() {
        return unit;
    }

    public Direction direction() {
        return direction;
    }

    /** Whether summaries of this metric carry the median's 95 % interval (the ones charts draw with whiskers). */
    public boolean withMedianInterval() {
        return withMedianInterval;
    }

    /** What the figure is, in metrics.md's words, for people. */
    public String definition() {
        return definition;
    }

    /**
     * The metric of an API name.
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    public static Metric of(String id) {
        String n = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.id.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + id + "'; use one of "
                + java.util.Arrays.stream(values()).map(Metric::id).toList());
    }
}
