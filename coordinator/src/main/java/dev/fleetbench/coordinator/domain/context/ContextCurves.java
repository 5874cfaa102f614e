package dev.fleetbench.coordinator.domain.context;

import dev.fleetbench.common.stats.CellWeights;
import dev.fleetbench.common.stats.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * TTFT, prefill rate and peak memory against prompt length, per hardware class × model × length of a campaign's
 * context sweep, computed once from the pooled raw samples of every machine of the class (never from per-machine
 * percentiles). Within a point every cell (machine × variant × prompt) weighs the same, as in the aggregates
 * ({@link CellWeights}); percentiles interpolate linearly between closest ranks; the median's 95 % interval is the
 * distribution-free order-statistic one. A length the model's context window cannot hold is a point of its own with
 * the reason naming the window, and no request. Pure and thread-safe.
 */
public final class ContextCurves {

    /** How every point is computed, in words (sent beside the figures). */
    public static final String BASIS = "pooled raw measured samples of every machine of the hardware class, cold and"
            + " warm-up requests excluded; every cell (machine × model variant × prompt) weighs the same; percentiles"
            + " by linear interpolation between closest ranks; the median's 95 % interval from binomial order"
            + " statistics (none below 6 values)";

    /**
     * One point of the curves.
     *
     * @param hardwareClass class key
     * @param model         model variant
     * @param contextTokens the prompt length asked for, tokens
     * @param promptId      its prompt id
     * @param machines      machines with a sample at this point
     * @param cells         cells with a successful sample
     * @param requests      measured requests sent (not-fitting prompts are not requests)
     * @param failures      failed requests among them
     * @param ttftMs        TTFT over the successful requests, ms (n, p50, interval, …)
     * @param prefillTps    prefill rate, tokens/s
     * @param peakRssBytes  the engine's peak resident memory during each request, bytes
     * @param approximate   successful requests whose prompt length was approximated (no tokenizer counted it)
     * @param doesNotFit    why the model cannot take this length, naming its context window; null when it can
     */
    public record Point(String hardwareClass, String model, int contextTokens, String promptId, int machines, int cells,
                        int requests, int failures, Summary ttftMs, Summary prefillTps, Summary peakRssBytes,
                        int approximate, String doesNotFit) {
    }

    private ContextCurves() {
    }

    /**
     * The points of a sweep, ordered by class, model and length.
     *
     * @param samples          the measured, counted samples of the sweep's prompts
     * @param lengthOfPrompt   prompt id → its length in tokens; samples of other prompts are ignored
     */
    public static List<Point> of(List<ContextSample> samples, Map<String, Integer> lengthOfPrompt) {
        Objects.requireNonNull(lengthOfPrompt, "lengthOfPrompt");
        Map<Key, List<ContextSample>> groups = new TreeMap<>(Comparator.comparing(Key::hardwareClass)
                .thenComparing(Key::model).thenComparingInt(Key::tokens));
        for (ContextSample s : samples) {
            Integer n = lengthOfPrompt.get(s.promptId());
            if (n != null) {
                groups.computeIfAbsent(new Key(s.hardwareClass(), s.model(), n, s.promptId()), k -> new ArrayList<>())
                        .add(s);
            }
        }
        List<Point> out = new ArrayList<>();
        groups.forEach((k, list) -> out.add(point(k, list)));
        return out;
    }

    /** The lengths of the sweep, ascending, from prompt id → length. */
    public static List<Integer> lengths(Map<String, Integer> lengthOfPrompt) {
        return lengthOfPrompt.values().stream().distinct().sorted().toList();
    }

    private record Key(String hardwareClass, String model, int tokens, String promptId) {
    }

    private static Point point(Key k, List<ContextSample> list) {
        Set<String> machines = new LinkedHashSet<>();
        Map<String, List<ContextSample>> okByCell = new LinkedHashMap<>();
        int requests = 0;
        int failures = 0;
        int approximate = 0;
        String doesNotFit = null;
        for (ContextSample s : list) {
            machines.add(s.workerId());
            if (s.doesNotFit()) {
                if (doesNotFit == null) {
                    doesNotFit = s.failureMessage();
                }
                continue;
            }
            requests++;
            if (!s.ok()) {
                failures++;
                continue;
            }
            okByCell.computeIfAbsent(s.cellId().isEmpty() ? s.workerId() : s.cellId(), c -> new ArrayList<>()).add(s);
            if (s.approximate()) {
                approximate++;
            }
        }
        // a model that took the length on one machine and not on another (a smaller window there) shows both
        return new Point(k.hardwareClass(), k.model(), k.tokens(), k.promptId(), machines.size(), okByCell.size(),
                requests, failures, summary(okByCell, ContextSample::ttftMs), summary(okByCell, ContextSample::prefillTps),
                summary(okByCell, s -> s.peakRssBytes() == null ? null : s.peakRssBytes().doubleValue()), approximate,
                doesNotFit);
    }

    private static Summary summary(Map<String, List<ContextSample>> cells, Function<ContextSample, Double> metric) {
        List<double[]> values = new ArrayList<>();
        for (List<ContextSample> c : cells.values()) {
            values.add(c.stream().map(metric).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray());
        }
        return CellWeights.summarize(values);
    }
}
