package dev.fleetbench.worker.measure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The decode CPU use of the CPU variants this agent measured, per alias (case-insensitive): the reference against
 * which an NPU or GPU variant of the same alias on the same machine is judged ({@code CpuFallback}). The median of
 * the measured requests, so that one slow request does not move it. Kept for the agent's lifetime; an accelerator
 * variant measured before any CPU variant of its alias has no reference, and its samples say so (no verdict).
 * Thread-safe.
 */
final class CpuReferences {

    private final Map<String, List<Double>> byAlias = new HashMap<>();

    synchronized void add(String alias, double decodeCpuPercent) {
        byAlias.computeIfAbsent(key(alias), k -> new ArrayList<>()).add(decodeCpuPercent);
    }

    /** The median for {@code alias}, or null when no CPU variant of it was measured. */
    synchronized Double of(String alias) {
        List<Double> values = byAlias.get(key(alias));
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String key(String alias) {
        return alias == null ? "" : alias.toLowerCase(Locale.ROOT);
    }
}
