package dev.fleetbench.common.stats;

import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;

/**
 * Statistics of a group of samples (a cell, a model in a bench run, a hardware class × model): the request
 * count, failures and error rate, and a {@link Summary} per metric over the successful measured requests. Cold and
 * warm-up samples are ignored, as metrics.md requires. Samples of several cells (a cell is one machine × model ×
 * prompt: the sample's cell id, else its worker, model and prompt) are pooled with every cell weighing the same in the
 * percentiles and the median's interval ({@link CellWeights}); n counts samples. Pure and immutable.
 *
 * @param requests  measured requests, ok or failed
 * @param failures  failed measured requests
 * @param errorRate failures / requests (0 when there were none)
 * @param ttftMs    time to first token, ms
 * @param tpotMs    time per output token, ms
 * @param e2eMs     end to end, ms
 * @param decodeTps decode rate, tokens/s
 * @param prefillTps prefill rate, tokens/s
 * @param outputTokens generated tokens per request
 */
public record SampleStats(
        int requests,
        int failures,
        double errorRate,
        Summary ttftMs,
        Summary tpotMs,
        Summary e2eMs,
        Summary decodeTps,
        Summary prefillTps,
        Summary outputTokens) {

    public static SampleStats of(Collection<Sample> samples) {
        int requests = 0;
        int failures = 0;
        for (Sample s : samples) {
            if (s.kind() == SampleKind.MEASURED) {
                requests++;
                if (!s.ok()) {
                    failures++;
                }
            }
        }
        return new SampleStats(requests, failures, requests == 0 ? 0 : failures / (double) requests,
                summarise(samples, Sample::ttftMs), summarise(samples, Sample::tpotMs), summarise(samples, Sample::e2eMs),
                summarise(samples, Sample::decodeTps), summarise(samples, Sample::prefillTps),
                summarise(samples, s -> s.nOut() == null ? null : s.nOut().doubleValue()));
    }

    /** The metric's values over successful measured samples where it is defined. */
    public static double[] values(Collection<Sample> samples, Function<Sample, Double> metric) {
        return samples.stream()
                .filter(s -> s.kind() == SampleKind.MEASURED && s.ok())
                .map(metric)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .toArray();
    }

    private static Summary summarise(Collection<Sample> samples, Function<Sample, Double> metric) {
        java.util.Map<String, java.util.List<Sample>> cells = new java.util.LinkedHashMap<>();
        for (Sample s : samples) {
            cells.computeIfAbsent(cell(s), k -> new java.util.ArrayList<>()).add(s);
        }
        return CellWeights.summarize(cells.values().stream().map(c -> values(c, metric)).toList());
    }

    /** Number of cells (machine × model × prompt) with a successful measured sample. */
    public static int cells(Collection<Sample> samples) {
        return (int) samples.stream().filter(s -> s.kind() == SampleKind.MEASURED && s.ok()).map(SampleStats::cell)
                .distinct().count();
    }

    private static String cell(Sample s) {
        return s.cellId() != null ? s.cellId() : s.workerId() + "\u0000" + s.model() + "\u0000" + s.promptId();
    }
}
