package dev.fleetbench.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricMapsTest {

    @Test
    void keepsMetricOrderAndAnswersLookupsByMetric() {
        Map<Metric, Integer> in = new LinkedHashMap<>();
        in.put(Metric.DECODE_TPS, 2);
        in.put(Metric.TTFT_MS, 1);
        Map<Metric, Integer> m = MetricMaps.strict(in);
        assertThat(m.keySet()).containsExactly(Metric.TTFT_MS, Metric.DECODE_TPS);
        assertThat(m.get(Metric.DECODE_TPS)).isEqualTo(2);
        assertThat(m.get(Metric.E2E_MS)).isNull();
        assertThat(m.containsKey(Metric.TTFT_MS)).isTrue();
        assertThat(m.get(null)).isNull();
        assertThat(m).isEqualTo(in);
    }

    @Test
    void aLookupByNameThrowsNamingTheKey() {
        Map<Metric, Integer> m = MetricMaps.strict(Map.of(Metric.DECODE_TPS, 2));
        assertThatThrownBy(() -> m.get("decode_tps")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("String 'decode_tps'");
        assertThatThrownBy(() -> m.containsKey("decode_tps")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.getOrDefault("decode_tps", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isReadOnly() {
        Map<Metric, Integer> m = MetricMaps.strict(Map.of(Metric.DECODE_TPS, 2));
        assertThatThrownBy(() -> m.put(Metric.TTFT_MS, 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
