package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.metrics.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * Changes between consecutive runs of a scheduled campaign that are real and large enough to matter. Pure.
 *
 * <ol>
 *   <li><b>Like with like.</b> Runs are compared cell by cell (machine × model variant × prompt); only cells measured
 *       in both runs are paired, so a machine missing from one run never shifts its class.</li>
 *   <li><b>One report per hardware class × model × metric</b> (the class of the later run). Its effect is the
 *       stratified Hodges–Lehmann shift of its paired cells (median of the differences ln(after) − ln(before) taken
 *       inside each cell), as a % change; its test is the sum of the cells' Mann–Whitney U with its exact null
 *       distribution and its 95 % interval ({@link ShiftTest}). Every cell behind it is listed with its own shift,
 *       interval (when its sizes allow one: not with 3 a side) and unadjusted p.</li>
 *   <li><b>The family</b> of one run pair is every class × model × metric tested, held to {@link #FAMILY_ALPHA} by
 *       Holm's step-down correction. Holm rather than Benjamini–Hochberg because the promise is about the whole run
 *       pair ("an unchanged pair flags nothing": a family-wise error), and Holm keeps it under any dependence, which
 *       matters here: the models and metrics of one machine share its drift from night to night.</li>
 *   <li><b>Night-to-night drift.</b> Machines drift between nights by a percent or two with nothing changed, the
 *       same for all their models; within-run noise says nothing about it. Each machine's drift is the median of the
 *       shifts of all its paired cells (rates and times aligned to "faster"); the fleet's drift sd is 1.4826 × their
 *       MAD (robust to the few machines that really changed), estimated when at least {@link #MIN_MACHINES_FOR_DRIFT}
 *       machines are paired. A group's interval is widened by it, in quadrature: half-width² + (1.96 · sd / √k)² for
 *       a group of k machines. With fewer machines the threshold alone must absorb the drift.</li>
 *   <li><b>A practical threshold.</b> A significant change is reported only when its whole (widened) 95 % interval
 *       lies beyond ± the campaign's {@code regression_threshold_pct} (default {@link #DEFAULT_THRESHOLD_PCT} %).</li>
 * </ol>
 * A report also names the fingerprint fields that changed between the runs (driver, engine version, model version,
 * OS build), which usually explain it.
 */
public final class Regressions {

    /** Family-wise error rate of one run pair. */
    public static final double FAMILY_ALPHA = 0.05;
    /** Confidence of the effect's interval. */
    public static final double CONFIDENCE = 0.95;
    /** Default practical threshold, in % of the earlier run. */
    public static final double DEFAULT_THRESHOLD_PCT = 3.0;
    /** A cell needs this many values on each side to be paired (one value shows no spread). */
    public static final int MIN_PER_SIDE = 2;
    /** Fewest paired machines from which the fleet's night-to-night drift is estimated. */
    public static final int MIN_MACHINES_FOR_DRIFT = 3;
    private static final double Z = 1.959963984540054;

    /**
     * One run of a schedule.
     *
     * @param valuesByMetric metric → raw values per cell, keyed by hardware class, worker, model and prompt
     * @param thresholdPct   the run's practical threshold, % (its campaign spec's {@code regression_threshold_pct})
     */
    public record Run(String campaignId, String createdAt, Map<Metric, List<GroupValues>> valuesByMetric,
                      double thresholdPct) {

        public Run(String campaignId, String createdAt, Map<Metric, List<GroupValues>> valuesByMetric) {
            this(campaignId, createdAt, valuesByMetric, DEFAULT_THRESHOLD_PCT);
        }
    }

    /**
     * One paired cell behind a change.
     *
     * @param changePct Hodges–Lehmann shift, % of the earlier run; the interval is null when the sizes allow none
     * @param pValue    exact two-sided Mann–Whitney p of this cell alone (not adjusted)
     */
    public record CellChange(String workerId, String prompt, int previousN, int n, double previousMedian, double median,
                             double changePct, Double ciLowPct, Double ciHighPct, double pValue) {
    }

    /**
     * A change between two runs for a class × model × metric.
     *
     * @param previousMedian median of the paired cells' values in the earlier run (for reading; the effect is changePct)
     * @param changePct      combined Hodges–Lehmann shift of the paired cells, %
     * @param pValue         p of the combined exact test
     * @param worse          the change is for the worse (lower rate, longer time)
     * @param ciLowPct       lower end of the 95 % interval of changePct, widened by the fleet's drift
     * @param ciHighPct      upper end
     * @param adjustedP      Holm-adjusted p within the run pair's family
     * @param familySize     tests in that family
     * @param thresholdPct   the practical threshold the interval lies beyond
     * @param previousN      values of the paired cells in the earlier run
     * @param n              values of the paired cells in the later run
     * @param cells          the paired cells behind the change
     * @param exact          whether p and interval come from the exact distribution
     * @param machines       machines behind the change
     * @param driftPct       the fleet's estimated night-to-night drift sd of one machine, % (0 when not estimated)
     */
    public record Change(String scheduleId, String hardwareClass, String model, Metric metric, String previousCampaign,
                         String campaign, double previousMedian, double median, double changePct, double pValue,
                         boolean worse, Map<String, Map<String, List<String>>> fingerprintChanges, double ciLowPct,
                         double ciHighPct, double adjustedP, int familySize, double thresholdPct, int previousN, int n,
                         List<CellChange> cells, boolean exact, int machines, double driftPct) {
    }

    private Regressions() {
    }

    /** Metrics where a larger value is better. */
    static boolean higherIsBetter(Metric metric) {
        return metric.direction() == Metric.Direction.HIGHER_IS_BETTER;
    }

    public static List<Change> detect(String scheduleId, List<Run> runs) {
        List<Change> out = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            out.addAll(compare(scheduleId, runs.get(i - 1), runs.get(i)));
        }
        return out;
    }

    /** The tested group of one class × model × metric before the family correction. */
    private record Tested(String hardwareClass, String model, Metric metric, List<GroupValues> before,
                          List<GroupValues> after, ShiftTest.Result result) {
    }

    /** The changes between two consecutive runs. */
    static List<Change> compare(String scheduleId, Run before, Run after) {
        List<Tested> family = new ArrayList<>();
        for (Map.Entry<Metric, List<GroupValues>> metric : after.valuesByMetric().entrySet()) {
            Map<String, GroupValues> earlier = new LinkedHashMap<>();
            before.valuesByMetric().getOrDefault(metric.getKey(), List.of()).forEach(v -> earlier.put(cellKey(v), v));
            Map<String, List<GroupValues[]>> groups = new TreeMap<>();
            for (GroupValues now : metric.getValue()) {
                GroupValues then = earlier.get(cellKey(now));
                if (then == null || then.values().length < MIN_PER_SIDE || now.values().length < MIN_PER_SIDE) {
                    continue;
                }
                groups.computeIfAbsent(now.keys().get(Dimension.HARDWARE_CLASS) + "\u0000" + now.keys().get(Dimension.MODEL),
                        k -> new ArrayList<>()).add(new GroupValues[] {then, now});
            }
            groups.forEach((k, cells) -> {
                List<GroupValues> b = cells.stream().map(c -> c[0]).toList();
                List<GroupValues> a = cells.stream().map(c -> c[1]).toList();
                ShiftTest.Result r = ShiftTest.test(b.stream().map(GroupValues::values).toList(),
                        a.stream().map(GroupValues::values).toList(), CONFIDENCE);
                String[] parts = k.split("\u0000", -1);
                family.add(new Tested(parts[0], parts[1], metric.getKey(), b, a, r));
            });
        }
        double drift = drift(family);
        double[] adjusted = holm(family.stream().mapToDouble(t -> t.result().pValue()).toArray());
        List<Change> out = new ArrayList<>();
        double threshold = after.thresholdPct();
        for (int i = 0; i < family.size(); i++) {
            Tested t = family.get(i);
            ShiftTest.Result r = t.result();
            if (adjusted[i] >= FAMILY_ALPHA || r.low() == null) {
                continue;
            }
            int machines = (int) t.after().stream().map(c -> c.keys().get(Dimension.WORKER)).distinct().count();
            double allowance = Z * drift / Math.sqrt(machines);
            double low = ShiftTest.Result.pct(r.shift() - Math.hypot(r.shift() - r.low(), allowance));
            double high = ShiftTest.Result.pct(r.shift() + Math.hypot(r.high() - r.shift(), allowance));
            if (low <= threshold && high >= -threshold) {
                continue;
            }
            double change = ShiftTest.Result.pct(r.shift());
            boolean worse = higherIsBetter(t.metric()) ? change < 0 : change > 0;
            out.add(new Change(scheduleId, t.hardwareClass(), t.model(), t.metric(), before.campaignId(),
                    after.campaignId(), median(t.before()), median(t.after()), change, r.pValue(), worse,
                    diff(fingerprints(t.before()), fingerprints(t.after())), low, high, adjusted[i], family.size(),
                    threshold, count(t.before()), count(t.after()), cells(t.before(), t.after()), r.exact(), machines,
                    ShiftTest.Result.pct(drift)));
        }
        out.sort(Comparator.comparing(Change::hardwareClass).thenComparing(Change::model)
                .thenComparing(c -> c.metric().id()));
        return out;
    }

    /**
     * The fleet's night-to-night drift sd of one machine (log scale): 1.4826 × MAD of the machines' drifts, each the
     * median of its cells' Hodges–Lehmann shifts aligned to "faster"; 0 with fewer than
     * {@link #MIN_MACHINES_FOR_DRIFT} machines.
     */
    private static double drift(List<Tested> family) {
        Map<String, List<Double>> shifts = new TreeMap<>();
        for (Tested t : family) {
            double sign = higherIsBetter(t.metric()) ? 1 : -1;
            for (int i = 0; i < t.after().size(); i++) {
                double[] b = t.before().get(i).values();
                double[] a = t.after().get(i).values();
                shifts.computeIfAbsent(t.after().get(i).keys().get(Dimension.WORKER), k -> new ArrayList<>())
                        .add(sign * hodgesLehmann(b, a));
            }
        }
        if (shifts.size() < MIN_MACHINES_FOR_DRIFT) {
            return 0;
        }
        double[] perMachine = shifts.values().stream()
                .mapToDouble(v -> new Median().evaluate(v.stream().mapToDouble(Double::doubleValue).toArray())).toArray();
        double centre = new Median().evaluate(perMachine);
        return 1.4826 * new Median().evaluate(java.util.Arrays.stream(perMachine).map(x -> Math.abs(x - centre)).toArray());
    }

    /** Median of ln(a) − ln(b) over all pairs. */
    private static double hodgesLehmann(double[] before, double[] after) {
        double[] d = new double[before.length * after.length];
        int k = 0;
        for (double b : before) {
            for (double a : after) {
                d[k++] = Math.log(a) - Math.log(b);
            }
        }
        return new Median().evaluate(d);
    }

    /** Holm's step-down adjusted p-values, in input order. */
    static double[] holm(double[] p) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] out = new double[p.length];
        double running = 0;
        for (int rank = 0; rank < p.length; rank++) {
            running = Math.max(running, Math.min(1, (p.length - rank) * p[order[rank]]));
            out[order[rank]] = running;
        }
        return out;
    }

    private static List<CellChange> cells(List<GroupValues> before, List<GroupValues> after) {
        List<CellChange> out = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            GroupValues b = before.get(i);
            GroupValues a = after.get(i);
            ShiftTest.Result r = ShiftTest.test(List.of(b.values()), List.of(a.values()), CONFIDENCE);
            out.add(new CellChange(a.keys().get(Dimension.WORKER), a.keys().get(Dimension.PROMPT), b.values().length,
                    a.values().length, new Median().evaluate(b.values()), new Median().evaluate(a.values()),
                    ShiftTest.Result.pct(r.shift()), r.low() == null ? null : ShiftTest.Result.pct(r.low()),
                    r.high() == null ? null : ShiftTest.Result.pct(r.high()), r.pValue()));
        }
        return out;
    }

    private static double median(List<GroupValues> cells) {
        return new Median().evaluate(cells.stream().flatMapToDouble(c -> java.util.Arrays.stream(c.values())).toArray());
    }

    private static int count(List<GroupValues> cells) {
        return cells.stream().mapToInt(c -> c.values().length).sum();
    }

    /** The distinct values of every fingerprint field over the cells, sorted. */
    private static Map<String, List<String>> fingerprints(List<GroupValues> cells) {
        Map<String, java.util.TreeSet<String>> seen = new LinkedHashMap<>();
        for (GroupValues c : cells) {
            c.fingerprints().forEach((f, v) -> seen.computeIfAbsent(f, x -> new java.util.TreeSet<>()).addAll(v));
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        seen.forEach((f, v) -> out.put(f, List.copyOf(v)));
        return out;
    }

    /** Fields whose values differ, each with what it was and what it is. */
    static Map<String, Map<String, List<String>>> diff(Map<String, List<String>> before, Map<String, List<String>> after) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        for (String field : after.keySet()) {
            List<String> b = before.getOrDefault(field, List.of());
            List<String> a = after.get(field);
            if (!b.equals(a)) {
                Map<String, List<String>> change = new LinkedHashMap<>();
                change.put("before", b);
                change.put("after", a);
                out.put(field, change);
            }
        }
        return out;
    }

    /** A cell: machine × model variant × prompt. */
    private static String cellKey(GroupValues v) {
        return v.keys().get(Dimension.WORKER) + "\u0000" + v.keys().get(Dimension.MODEL) + "\u0000"
                + v.keys().get(Dimension.PROMPT);
    }
}
