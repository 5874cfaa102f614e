package dev.fleetbench.coordinator.domain.summary;

import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.recommend.Candidate;
import dev.fleetbench.common.recommend.Recommendation;
import dev.fleetbench.common.recommend.Recommender;
import dev.fleetbench.common.recommend.ServiceLevels;
import dev.fleetbench.common.stats.SampleStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A campaign's results per hardware class and model: samples of a class pooled across its machines (never an
 * average of per-machine percentiles), quality checks applied to every answer, and the recommendation per class.
 * Pure; renders the table the demo prints.
 */
public final class CampaignSummary {

    /** One row: a model on a hardware class. */
    public record Row(String hardwareClass, String model, int machines, SampleStats stats, boolean qualityFailed) {
    }

    private CampaignSummary() {
    }

    /**
     * @param classOfWorker hardware class key of each worker
     * @param prompts       the campaign's prompts (for their quality checks)
     */
    public static List<Row> rows(List<Sample> samples, Function<String, String> classOfWorker, List<PromptSpec> prompts) {
        Map<String, PromptSpec> byId = prompts.stream().collect(Collectors.toMap(PromptSpec::id, p -> p));
        Map<String, Map<String, List<Sample>>> grouped = new TreeMap<>();
        for (Sample s : samples) {
            grouped.computeIfAbsent(classOfWorker.apply(s.workerId()), k -> new TreeMap<>())
                    .computeIfAbsent(s.model(), k -> new ArrayList<>()).add(s);
        }
        List<Row> rows = new ArrayList<>();
        grouped.forEach((cls, models) -> models.forEach((model, list) -> {
            boolean failed = list.stream().filter(s -> s.kind() == SampleKind.MEASURED && s.ok()).anyMatch(s -> {
                PromptSpec p = byId.get(s.promptId());
                return p != null && p.expect() != null && !p.expect().matches(s.text());
            });
            int machines = (int) list.stream().map(Sample::workerId).distinct().count();
            rows.add(new Row(cls, model, machines, SampleStats.of(list), failed));
        }));
        return rows;
    }

    /** The recommendation for each hardware class. */
    public static Map<String, Recommendation> recommendations(List<Row> rows, Map<String, Long> parameters,
                                                              ServiceLevels slo) {
        Map<String, Recommendation> out = new TreeMap<>();
        rows.stream().collect(Collectors.groupingBy(Row::hardwareClass, TreeMap::new, Collectors.toList()))
                .forEach((cls, list) -> out.put(cls, Recommender.recommend(list.stream()
                        .map(r -> new Candidate(r.model(), parameters.getOrDefault(r.model(), 0L), null, r.qualityFailed(),
                                r.stats(), null, 0, null)).toList(), slo)));
        return out;
    }

    public static String render(List<Row> rows, Map<String, Recommendation> recommendations) {
        StringBuilder out = new StringBuilder();
        String format = "%-40s %-16s %4s %6s %10s %12s %10s %7s  %s%n";
        out.append(String.format(Locale.ROOT, format, "Hardware class", "Model", "Mach", "n", "TTFT p50", "Decode p50",
                "E2E p50", "Errors", "Quality"));
        for (Row r : rows) {
            SampleStats s = r.stats();
            out.append(String.format(Locale.ROOT, format, r.hardwareClass(), r.model(), r.machines(), s.requests(),
                    ms(s.ttftMs().p50()), s.decodeTps().p50() == null ? "—" : String.format(Locale.ROOT, "%.1f tok/s",
                            s.decodeTps().p50()), ms(s.e2eMs().p50()),
                    String.format(Locale.ROOT, "%.0f %%", 100 * s.errorRate()), r.qualityFailed() ? "check failed" : "ok"));
        }
        recommendations.forEach((cls, rec) -> {
            out.append('\n').append(cls).append(": ").append(rec.summary()).append('\n');
            rec.rejected().forEach(x -> out.append("  ").append(x.model()).append(": ")
                    .append(x.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" — ")
                    .append(x.detail()).append('\n'));
        });
        return out.toString();
    }

    private static String ms(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, v >= 100 ? "%.0f ms" : "%.1f ms", v);
    }
}
