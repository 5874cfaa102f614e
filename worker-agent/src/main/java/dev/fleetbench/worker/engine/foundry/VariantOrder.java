package dev.fleetbench.worker.engine.foundry;

import java.util.Comparator;

/**
 * The service's own best-first order of variants (spec §5.1, the C++ port of {@code CompareModelsForSort}), decided
 * on the id text: device rank {@code -npu:} 0, other {@code -gpu:} 1, {@code -cuda-gpu:} 2, {@code -generic-gpu:} 3,
 * other {@code -cpu:} 4, {@code -generic-cpu:} 5, anything else 6; then higher version; then newer
 * {@code createdAt}; then id ascending. Used only for sources whose order is not the service's (G3
 * {@code /v1/models}); G1 {@code /foundry/list} and the CLI table are already in this order and kept as they are.
 */
final class VariantOrder {

    static final Comparator<CatalogEntry> BEST_FIRST = Comparator
            .comparingInt((CatalogEntry e) -> rank(e.id()))
            .thenComparing(Comparator.comparingInt(CatalogEntry::version).reversed())
            .thenComparing(Comparator.comparingLong(CatalogEntry::createdAt).reversed())
            .thenComparing(CatalogEntry::idLower);

    private VariantOrder() {
    }

    static int rank(String id) {
        String s = id.toLowerCase(java.util.Locale.ROOT);
        if (!s.contains(":")) {
            s = s + ":";
        }
        if (s.contains("-npu:")) {
            return 0;
        }
        if (s.contains("-cuda-gpu:")) {
            return 2;
        }
        if (s.contains("-generic-gpu:")) {
            return 3;
        }
        if (s.contains("-gpu:")) {
            return 1;
        }
        if (s.contains("-generic-cpu:")) {
            return 5;
        }
        if (s.contains("-cpu:")) {
            return 4;
        }
        return 6;
    }
}
