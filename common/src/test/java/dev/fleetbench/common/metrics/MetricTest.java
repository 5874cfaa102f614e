package dev.fleetbench.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.stats.Summary;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricTest {

    @Test
    void theJsonNameIsTheIdAsAValueAndAsAMapKey() {
        for (Metric m : Metric.values()) {
            assertThat(Json.write(m)).isEqualTo("\"" + m.id() + "\"");
            assertThat(Json.read("\"" + m.id() + "\"", Metric.class)).isEqualTo(m);
        }
        Map<Metric, Summary> byMetric = new EnumMap<>(Metric.class);
        byMetric.put(Metric.DECODE_TPS, Summary.of(new double[] {2.0}));
        byMetric.put(Metric.TTFT_MS, Summary.of(new double[] {1.0}));
        assertThat(Json.write(byMetric)).startsWith("{\"ttft_ms\":{").contains(",\"decode_tps\":{");
        assertThat(Json.write(Metric.Direction.HIGHER_IS_BETTER)).isEqualTo("\"higher\"");
    }

    @Test
    void perRequestMetricsAreTheFiveOfMetricsMdInTheApisOrder() {
        assertThat(Metric.PER_REQUEST).extracting(Metric::id)
                .containsExactly("ttft_ms", "tpot_ms", "e2e_ms", "decode_tps", "prefill_tps");
        assertThat(Metric.PER_REQUEST).filteredOn(Metric::withMedianInterval).extracting(Metric::id)
                .containsExactly("ttft_ms", "e2e_ms", "decode_tps");
        assertThat(Arrays.stream(Metric.values()).map(Metric::id).distinct()).hasSize(Metric.values().length);
    }

    @Test
    void unitsAndDirectionsFollowTheMetric() {
        assertThat(Metric.DECODE_TPS.unit()).isEqualTo("tok/s");
        assertThat(Metric.DECODE_TPS.direction()).isEqualTo(Metric.Direction.HIGHER_IS_BETTER);
        assertThat(Metric.TTFT_MS.unit()).isEqualTo("ms");
        assertThat(Metric.TTFT_MS.direction()).isEqualTo(Metric.Direction.LOWER_IS_BETTER);
        assertThat(Metric.PEAK_RSS_BYTES.unit()).isEqualTo("bytes");
        assertThat(Metric.values()).allSatisfy(m -> assertThat(m.definition()).isNotBlank().endsWith("."));
    }

    @Test
    void anUnknownNameIsRefusedNamingTheKnownOnes() {
        assertThat(Metric.of(" Decode_TPS ")).isEqualTo(Metric.DECODE_TPS);
        assertThatThrownBy(() -> Metric.of("itl_ms")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown metric 'itl_ms'").hasMessageContaining("ttft_ms");
    }
}
