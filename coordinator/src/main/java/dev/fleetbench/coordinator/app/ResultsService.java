package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.coordinator.domain.prediction.PredictionReport;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.results.Acceleration;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.domain.results.GroupKey;
import dev.fleetbench.coordinator.domain.results.GroupSamples;
import dev.fleetbench.coordinator.domain.results.GroupValues;
import dev.fleetbench.coordinator.domain.results.Regressions;
import dev.fleetbench.coordinator.domain.results.ResultInputs;
import dev.fleetbench.coordinator.store.CampaignRecord;
import dev.fleetbench.coordinator.store.CampaignState;
import dev.fleetbench.coordinator.store.CampaignStore;
import dev.fleetbench.coordinator.store.LeaseStore;
import dev.fleetbench.coordinator.store.RatingStore;
import dev.fleetbench.coordinator.store.ResultsStore;
import dev.fleetbench.coordinator.store.SampleStore;
import dev.fleetbench.coordinator.store.WorkerStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The results side of the coordinator: which campaigns a question is about, and the store reads that answer
 * it. Runs on the coordinator's event loop; every store call goes to a reader thread.
 */
public final class ResultsService {

    /** The metrics regressions are tested on: the rate people feel and the wait before the first word. */
    static final List<Metric> REGRESSION_METRICS = List.of(Metric.DECODE_TPS, Metric.TTFT_MS);

    /**
     * The store concerns the results side reads: statistics, and the workers, cells, lease history, samples and
     * ratings behind them.
     */
    public record Stores(ResultsStore results, WorkerStore workers, CampaignStore campaigns, LeaseStore leases,
                         SampleStore samples, RatingStore ratings) {
    }

    private final Campaigns campaigns;
    private final StoreAccess<Stores> store;
    private final SpecCache specs = new SpecCache();

    public ResultsService(Campaigns campaigns, StoreAccess<Stores> store) {
        this.campaigns = campaigns;
        this.store = store;
    }

    /** The campaign asked for, or the latest finished one (else the latest); fails with NOT_FOUND when there is none. */
    public CampaignRecord campaign(String id) {
        if (id != null) {
            return campaigns.get(id).orElseThrow(() -> new ApiProblem(ApiProblem.Kind.NOT_FOUND, "no campaign '" + id + "'"));
        }
        List<CampaignRecord> all = campaigns.all();
        return all.stream().filter(c -> c.state() == CampaignState.DONE).max(Comparator.comparing(CampaignRecord::createdAt))
                .or(() -> all.stream().max(Comparator.comparing(CampaignRecord::createdAt)))
                .orElseThrow(() -> new ApiProblem(ApiProblem.Kind.NOT_FOUND,
                        "no campaigns yet: submit one with POST /api/campaigns or ./fleetbench campaign submit FILE"));
    }

    /** The campaign's spec, parsed once from its stored text ({@link SpecCache}). */
    public CampaignSpec spec(CampaignRecord c) {
        return specs.of(c);
    }

    public Future<ResultInputs> inputs(CampaignRecord c) {
        Map<String, CampaignSpec> one = Map.of(c.id(), spec(c));
        return store.read(s -> ResultsGatherer.gather(s, one));
    }

    /** TTFT, prefill rate and peak memory against prompt length of a campaign's context sweep. */
    public Future<ContextResults.Table> context(CampaignRecord c) {
        CampaignSpec spec = spec(c);
        return store.read(s -> ContextResults.read(s, c.id(), spec));
    }

    /** Aggregates of a campaign grouped as asked, with the unstable cells it holds. */
    public Future<AggregateResult> aggregates(CampaignRecord c, List<Dimension> by) {
        CampaignSpec spec = spec(c);
        return store.read(s -> {
            StoredClasses classes = StoredClasses.read(s, List.of(c.id()));
            List<AggregateRow> rows = s.results().aggregate(new AggregateRequest(List.of(c.id()), by,
                    ResultsGatherer.useCases(Map.of(c.id(), spec))));
            Set<String> failed = ResultsGatherer.qualityFailures(s.samples(), Map.of(c.id(), spec));
            List<GroupKey> unstableKeys = new ArrayList<>();
            Set<String> unstableCells = s.results().unstableCells(c.id(), null);
            s.campaigns().cells(c.id()).stream().filter(cell -> unstableCells.contains(cell.id())).forEach(cell ->
                    unstableKeys.add(new GroupKey(classes.keyOf(cell.workerId()), cell.variantId(), cell.promptId(),
                            cell.workerId())));
            // a lease is one variant on one machine, all its prompts: its peak belongs to every prompt of the pair
            Map<GroupKey, Long> peaks = new LinkedHashMap<>();
            s.leases().leases(c.id()).stream().filter(l -> l.phases() != null && l.phases().peakRssBytes() != null)
                    .forEach(l -> peaks.merge(new GroupKey(classes.keyOf(l.workerId()), l.variantId(), null,
                            l.workerId()), l.phases().peakRssBytes(), Math::max));
            return new AggregateResult(rows, failed, unstableKeys, classes.labels(), peaks);
        });
    }

    /** A page of the samples of one group of a campaign ({@code kind} null: every kind), with the group's total. */
    public Future<GroupSamples> groupSamples(CampaignRecord c, GroupKey group, SampleKind kind, int offset, int limit) {
        return store.read(s -> s.results().groupSamples(c.id(), group, kind, offset, limit));
    }

    /**
     * CPU vs GPU vs NPU: each accelerator variant against the CPU variant of its alias on the same machines and
     * prompts, per hardware class ({@link Acceleration}), with the classes' labels.
     */
    public Future<AccelerationResult> acceleration(CampaignRecord c) {
        return store.read(s -> {
            AggregateRequest r = new AggregateRequest(List.of(c.id()), List.of(Dimension.HARDWARE_CLASS,
                    Dimension.WORKER, Dimension.MODEL, Dimension.PROMPT), Map.of());
            Map<String, ModelVariant> variants = new HashMap<>();
            s.workers().workers().forEach(w -> w.registration().catalog().forEach(v -> variants.put(v.id(), v)));
            return new AccelerationResult(Acceleration.of(s.results().values(r, Metric.DECODE_TPS), s.results().values(r, Metric.TTFT_MS), variants,
                    s.results().aggregate(r)), StoredClasses.read(s, List.of(c.id())).labels());
        });
    }

    /**
     * Every cell's predicted decode rate and memory fit beside its measured decode median, per hardware class × model,
     * and the prediction's error per class ({@link PredictionsGatherer}).
     */
    public Future<PredictionReport> predictions(CampaignRecord c) {
        CampaignSpec spec = spec(c);
        return store.read(s -> PredictionsGatherer.gather(s, c.id(), spec));
    }

    /** What {@link #acceleration} found. */
    public record AccelerationResult(List<Acceleration.Row> rows, Map<String, String> classLabels) {
    }

    /**
     * What {@link #aggregates} found.
     *
     * @param unstableCells the cells that stayed unstable, each as class, variant, prompt and worker
     * @param peakRss       the highest engine peak RSS (bytes) reported per class, variant and worker (prompt null)
     */
    public record AggregateResult(List<AggregateRow> rows, Set<String> qualityFailedModels,
                                  List<GroupKey> unstableCells, Map<String, String> classLabels,
                                  Map<GroupKey, Long> peakRss) {

        /** The highest peak RSS of the leases that fall into a group, or null when none reported one. */
        public Long peakRssOf(AggregateRow r) {
            return peakRss.entrySet().stream().filter(e -> e.getKey().within(r.keys())).map(Map.Entry::getValue)
                    .max(Long::compare).orElse(null);
        }
    }

    /**
     * Changes beyond the noise and the practical threshold between consecutive finished runs of every schedule
     * ({@link Regressions}: paired cells, exact tests, Holm within each run pair).
     */
    public Future<List<Regressions.Change>> regressions() {
        Map<String, List<CampaignRecord>> bySchedule = new LinkedHashMap<>();
        campaigns.all().stream().filter(c -> c.scheduleId() != null && c.state() == CampaignState.DONE)
                .sorted(Comparator.comparing(CampaignRecord::createdAt))
                .forEach(c -> bySchedule.computeIfAbsent(c.scheduleId(), k -> new ArrayList<>()).add(c));
        return store.read(s -> {
            List<Regressions.Change> out = new ArrayList<>();
            bySchedule.forEach((schedule, runs) -> {
                List<Regressions.Run> loaded = new ArrayList<>();
                for (CampaignRecord run : runs) {
                    // per cell (class, machine, variant, prompt): Regressions pairs cells, never pooled classes
                    AggregateRequest r = new AggregateRequest(List.of(run.id()), List.of(Dimension.HARDWARE_CLASS,
                            Dimension.WORKER, Dimension.MODEL, Dimension.PROMPT), Map.of());
                    Map<Metric, List<GroupValues>> values = new LinkedHashMap<>();
                    REGRESSION_METRICS.forEach(m -> values.put(m, s.results().values(r, m)));
                    loaded.add(new Regressions.Run(run.id(), run.createdAt().toString(), values,
                            spec(run).regressionThresholdPct()));
                }
                out.addAll(Regressions.detect(schedule, loaded));
            });
            return out;
        });
    }

    /** Aggregates of arbitrary sides for {@code /api/compare}: a worker, a hardware class or a campaign. */
    public Future<List<AggregateRow>> side(String selector) {
        int colon = selector == null ? -1 : selector.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("compare sides look like worker:ID, class:KEY or campaign:ID");
        }
        String kind = selector.substring(0, colon);
        String value = selector.substring(colon + 1);
        List<CampaignRecord> scope = kind.equals("campaign") ? List.of(campaign(value)) : campaigns.all();
        if (scope.isEmpty()) {
            throw new ApiProblem(ApiProblem.Kind.NOT_FOUND, "no campaigns yet");
        }
        Map<String, CampaignSpec> scoped = new LinkedHashMap<>();
        scope.forEach(c -> scoped.put(c.id(), spec(c)));
        Dimension filter = switch (kind) {
            case "worker" -> Dimension.WORKER;
            case "class" -> Dimension.HARDWARE_CLASS;
            case "campaign" -> null;
            default -> throw new IllegalArgumentException("unknown compare side '" + kind + "'; use worker, class or campaign");
        };
        return store.read(s -> {
            List<Dimension> by = filter == null ? List.of(Dimension.MODEL) : List.of(filter, Dimension.MODEL);
            return s.results().aggregate(new AggregateRequest(List.copyOf(scoped.keySet()), by, ResultsGatherer.useCases(scoped)))
                    .stream().filter(r -> filter == null || value.equals(r.keys().get(filter))).toList();
        });
    }
}
