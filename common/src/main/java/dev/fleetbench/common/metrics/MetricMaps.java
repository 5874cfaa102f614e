package dev.fleetbench.common.metrics;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Read-only maps keyed by {@link Metric} that refuse a lookup by anything else. {@code Map.get} takes an
 * {@code Object}, so {@code metrics.get("decode_tps")} compiles against a {@code Map<Metric, V>} and finds nothing
 * — once, a route showed "no measurement" for every cell that way, and only end-to-end tests noticed. These maps
 * throw instead, naming the key, so the first unit test that reaches such a line fails. Hand-written because no
 * library map checks key types at lookup (EnumMap answers null). Pure and thread-safe once built.
 */
public final class MetricMaps {

    private MetricMaps() {
    }

    /** An unmodifiable copy in {@link Metric}'s order whose lookups take metrics only. */
    public static <V> Map<Metric, V> strict(Map<Metric, ? extends V> values) {
        EnumMap<Metric, V> copy = new EnumMap<>(Metric.class);
        copy.putAll(values);
        return new Strict<>(copy);
    }

    private static final class Strict<V> extends AbstractMap<Metric, V> {
        private final Map<Metric, V> values;

        Strict(EnumMap<Metric, V> values) {
            this.values = Collections.unmodifiableMap(values);
        }

        @Override
        public V get(Object key) {
            return values.get(checked(key));
        }

        @Override
        public boolean containsKey(Object key) {
            return values.containsKey(checked(key));
        }

        @Override
        public V getOrDefault(Object key, V fallback) {
            return values.getOrDefault(checked(key), fallback);
        }

        @Override
        public Set<Entry<Metric, V>> entrySet() {
            return values.entrySet();
        }

        @Override
        public int size() {
            return values.size();
        }

        private static Object checked(Object key) {
            if (key != null && !(key instanceof Metric)) {
                throw new IllegalArgumentException("a metric map is keyed by Metric, not by the "
                        + key.getClass().getSimpleName() + " '" + key + "' (Metric.of finds a metric by its name)");
            }
            return key;
        }
    }
}
