package dev.fleetbench.coordinator.domain.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * Changes beyond the noise between consecutive runs of a scheduled campaign: for every hardware class × model, the
 * Mann–Whitney U test on the raw samples of the two runs (no fixed percentage: a noisy laptop needs a bigger change
 * than a quiet desktop to count). A significant change comes with the fingerprint fields that changed between the runs
 * (driver, engine version, model version, OS build), which usually explain it. Pure.
 */
public final class Regressions {

    /** Significance level of the two-sided test. */
    public static final double ALPHA = 0.01;
    /** Fewer values than this on either side cannot show a change. */
    public static final int MIN_SAMPLES = 5;

    /** One run of a schedule with the raw values of each metric per class × model. */
    public record Run(String campaignId, String createdAt, Map<String, List<GroupValues>> valuesByMetric) {
    }

    /** A change between two runs. */
    public record Change(String scheduleId, String hardwareClass, String model, String metric, String previousCampaign,
                         String campaign, double previousMedian, double median, double changePct, double pValue,
                         boolean worse, Map<String, Map<String, List<String>>> fingerprintChanges) {
    }

    private Regressions() {
    }

    /** Metrics where a larger value is better. */
    static boolean higherIsBetter(String metric) {
        return metric.endsWith("_tps");
    }

    public static List<Change> detect(String scheduleId, List<Run> runs) {
        List<Change> out = new ArrayList<>();
        MannWhitneyUTest test = new MannWhitneyUTest();
        for (int i = 1; i < runs.size(); i++) {
            Run before = runs.get(i - 1);
            Run after = runs.get(i);
            for (Map.Entry<String, List<GroupValues>> metric : after.valuesByMetric().entrySet()) {
                Map<String, GroupValues> previous = byKey(before.valuesByMetric().getOrDefault(metric.getKey(), List.of()));
                for (GroupValues now : metric.getValue()) {
                    GroupValues then = previous.get(key(now));
                    if (then == null || then.values().length < MIN_SAMPLES || now.values().length < MIN_SAMPLES) {
                        continue;
                    }
                    double p = test.mannWhitneyUTest(then.values(), now.values());
                    if (p >= ALPHA) {
                        continue;
                    }
                    double m0 = new Median().evaluate(then.values());
                    double m1 = new Median().evaluate(now.values());
                    boolean worse = higherIsBetter(metric.getKey()) ? m1 < m0 : m1 > m0;
                    out.add(new Change(scheduleId, now.keys().get(Dimension.HARDWARE_CLASS), now.keys().get(Dimension.MODEL),
                            metric.getKey(), before.campaignId(), after.campaignId(), m0, m1,
                            m0 == 0 ? 0 : 100.0 * (m1 - m0) / m0, p, worse, diff(then.fingerprints(), now.fingerprints())));
                }
            }
        }
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

    private static Map<String, GroupValues> byKey(List<GroupValues> values) {
        Map<String, GroupValues> m = new LinkedHashMap<>();
        values.forEach(v -> m.put(key(v), v));
        return m;
    }

    private static String key(GroupValues v) {
        return v.keys().get(Dimension.HARDWARE_CLASS) + "|" + v.keys().get(Dimension.MODEL);
    }
}
