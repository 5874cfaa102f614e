package dev.fleetbench.worker.bench;

import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.recommend.Candidates;
import dev.fleetbench.common.recommend.QualityEstimate;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.common.stats.SampleStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The comparison table a {@code bench} run prints: one row per model with TTFT p50, decode p50, E2E p50, load time,
 * peak memory and failures, the definitions of the figures, measured quality per use case and model, then the
 * recommendation of every use case with its evidence. Pure: text in, text out.
 */
public final class BenchTable {

    private static final String[] HEADER = {"Model", "TTFT p50", "Decode p50", "E2E p50", "Load", "Cold TTFT",
        "Peak RSS", "OK/Req", "Failures"};

    private BenchTable() {
    }

    /**
     * The table, then measured quality per use case and model, then the recommendation of every use case with the
     * evidence of each model.
     */
    public static String render(BenchReport report, BenchRun.Result result, Map<String, String> useCaseOfPrompt) {
        StringBuilder out = new StringBuilder(render(report, (Recommendation) null));
        out.append('\n').append(quality(report, useCaseOfPrompt));
        result.byUseCase().forEach((useCase, r) -> {
            out.append('\n').append(useCase).append(": ").append(r.summary()).append('\n');
            if (r.evidence() != null) {
                out.append("    [").append(r.recommended()).append(": ").append(r.evidence().words()).append("]\n");
            }
            appendRejections(out, r, true);
        });
        return out.toString();
    }

    /** Measured quality per use case and model: mean score, scored answers, passes, 95 % interval. */
    static String quality(BenchReport report, Map<String, String> useCaseOfPrompt) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Use case", "Model", "Quality", "Scored", "Passed", "95 % interval"});
        Map<String, Map<String, List<Sample>>> grouped = new TreeMap<>();
        for (Sample s : report.samples()) {
            grouped.computeIfAbsent(useCaseOfPrompt.getOrDefault(s.promptId(), "chat"), k -> new TreeMap<>())
                    .computeIfAbsent(s.model(), k -> new ArrayList<>()).add(s);
        }
        grouped.forEach((useCase, models) -> models.forEach((model, list) -> {
            QualityEstimate q = Candidates.quality(list);
            rows.add(q == null ? new String[] {useCase, model, "—", "0", "—", "no check"}
                    : new String[] {useCase, model, String.format(Locale.ROOT, "%.2f", q.mean()), String.valueOf(q.n()),
                        String.valueOf(q.passes()), String.format(Locale.ROOT, "%.2f–%.2f", q.low(), q.high())});
        }));
        return columns(rows) + "Quality = mean automatic check score in [0, 1] over the measured answers; interval: "
                + QualityEstimate.INTERVAL_METHOD + ".\n";
    }

    private static void appendRejections(StringBuilder out, Recommendation r, boolean withEvidence) {
        for (Recommendation.Rejection x : r.rejected()) {
            out.append("  ").append(x.model()).append(": ").append(x.reason().name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ')).append(" — ").append(x.detail()).append('\n');
            if (withEvidence && x.evidence() != null && x.evidence().requests() > 0) {
                out.append("    [").append(x.evidence().words()).append("]\n");
            }
        }
    }

    private static String columns(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i < 2 ? pad(row[i], widths[i]) + "  " : padLeft(row[i], widths[i]) + "  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** The speed table; with a recommendation (over all prompts), that too. */
    public static String render(BenchReport report, Recommendation recommendation) {
        Map<String, List<Sample>> byModel = report.samples().stream()
                .collect(Collectors.groupingBy(Sample::model, TreeMap::new, Collectors.toList()));
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        boolean approximate = false;
        for (ModelPhases p : report.phases()) {
            List<Sample> samples = byModel.getOrDefault(p.model(), List.of());
            SampleStats s = SampleStats.of(samples);
            approximate |= samples.stream().anyMatch(Sample::tokensApproximate);
            rows.add(new String[] {
                p.model(),
                ms(s.ttftMs().p50()),
                s.decodeTps().p50() == null ? "—" : String.format(Locale.ROOT, "%.1f tok/s", s.decodeTps().p50()),
                ms(s.e2eMs().p50()),
                ms(p.loadMs()),
                ms(p.coldTtftMs()),
                p.peakRssBytes() == null ? "—" : String.format(Locale.ROOT, "%.0f MB", p.peakRssBytes() / 1e6),
                (s.requests() - s.failures()) + "/" + s.requests(),
                failures(p, samples)});
        }
        StringBuilder out = new StringBuilder();
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? pad(row[i], widths[i]) : "  " + (i == row.length - 1 ? row[i] : padLeft(row[i], widths[i])));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        if (recommendation != null) {
            out.append('\n').append(recommendation.summary()).append('\n');
            appendRejections(out, recommendation, false);
        }
        out.append("\nTTFT = first token − request sent; decode = (n_out − 1) / (t_last − t_first); E2E = [DONE] (or the final "
                + "chunk) − request sent.\np50 = median over measured requests (cold and warm-up requests excluded), linear "
                + "interpolation between closest ranks, every prompt weighing the same however many repetitions it got.\n");
        if (approximate) {
            out.append("Some token counts are approximate (chunks counted: the engine reported no usage).\n");
        }
        return out.toString();
    }

    private static String failures(ModelPhases p, List<Sample> samples) {
        if (p.failureCode() != null) {
            return p.failureCode() + ": " + p.failureMessage();
        }
        Map<String, Long> codes = samples.stream().filter(s -> !s.ok())
                .collect(Collectors.groupingBy(s -> s.failureCode().name(), TreeMap::new, Collectors.counting()));
        if (codes.isEmpty()) {
            return "-";
        }
        return codes.entrySet().stream().map(e -> e.getValue() + "× " + e.getKey()).collect(Collectors.joining(", "));
    }

    private static String ms(Double v) {
        if (v == null) {
            return "—";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f ms", v) : String.format(Locale.ROOT, "%.1f ms", v);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }
}
