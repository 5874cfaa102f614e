package dev.fleetbench.coordinator.domain.results;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.ModelVariant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU vs GPU vs NPU on one PC: per hardware class and model (alias), the speed-up of each accelerator variant over the
 * CPU variant of the same alias on the same class. Ratios come from the pooled raw samples of the cells both variants
 * ran (same machine, same prompt): the ratio of the pooled medians, and the Hodges–Lehmann ratio with its 95 %
 * distribution-free interval from {@link ShiftTest} (the same stratified construction regressions use, with the CPU
 * variant as "before" and the accelerator as "after"; strata are machine × prompt, so machines are never mixed).
 * Decode: accelerator tok/s ÷ CPU tok/s (above 1 is faster). TTFT: accelerator ms ÷ CPU ms (below 1 is faster). Each
 * row also counts the accelerator's requests flagged "suspected CPU fallback" in those cells: a speed-up measured on a
 * variant that may have run on the CPU is shown with that doubt beside it. Pure.
 */
public final class Acceleration {

    /** Confidence of the intervals. */
    static final double CONFIDENCE = 0.95;

    /**
     * One ratio of accelerator over CPU.
     *
     * @param medianRatio pooled median of the accelerator ÷ pooled median of the CPU variant
     * @param estimate    Hodges–Lehmann ratio: e^(median of within-stratum ln(accelerator) − ln(cpu))
     * @param ciLow       lower end of its 95 % interval; null when the strata are too small for one
     * @param ciHigh      upper end; null with {@code ciLow}
     * @param n           accelerator values behind it
     * @param nCpu        CPU values behind it
     */
    public record Ratio(double medianRatio, double estimate, Double ciLow, Double ciHigh, int n, int nCpu) {
    }

    /**
     * One accelerator variant against the CPU variant of its alias on one hardware class.
     *
     * @param hardwareClass class key
     * @param model         the alias both variants belong to
     * @param device        the accelerator's device (GPU or NPU)
     * @param variant       the accelerator variant id
     * @param cpuVariant    the CPU variant id
     * @param machines      machines where both ran
     * @param decodeSpeedup decode tok/s ratio; null when either side has no decode rate
     * @param ttftRatio     TTFT ratio; null when either side has no TTFT
     * @param suspectedCpuFallback the accelerator's measured requests flagged "suspected CPU fallback" in the cells
     *                      compared; 0 when none or not judged
     */
    public record Row(String hardwareClass, String model, DeviceType device, String variant, String cpuVariant,
                      int machines, Ratio decodeSpeedup, Ratio ttftRatio, int suspectedCpuFallback) {
    }

    private Acceleration() {
    }

    /**
     * @param decode   raw decode_tps per (hardware class, worker, model, prompt) group
     * @param ttft     raw ttft_ms per the same groups
     * @param variants catalog entry of every known variant id (its alias and device); unknown variants are skipped
     */
    public static List<Row> of(List<GroupValues> decode, List<GroupValues> ttft, Map<String, ModelVariant> variants) {
        return of(decode, ttft, variants, List.of());
    }

    /**
     * @param decode   raw decode_tps per (hardware class, worker, model, prompt) group
     * @param ttft     raw ttft_ms per the same groups
     * @param variants catalog entry of every known variant id (its alias and device); unknown variants are skipped
     * @param counts   aggregate rows of the same groups, for their suspected-CPU-fallback counts
     */
    public static List<Row> of(List<GroupValues> decode, List<GroupValues> ttft, Map<String, ModelVariant> variants,
                               List<AggregateRow> counts) {
        Map<String, Integer> flagged = new TreeMap<>();
        for (AggregateRow r : counts) {
            Map<Dimension, String> k = r.keys();
            flagged.merge(k.get(Dimension.HARDWARE_CLASS) + "\u0000" + k.get(Dimension.MODEL) + "\u0000"
                    + k.get(Dimension.WORKER) + "\u0000" + k.get(Dimension.PROMPT), r.suspectedCpuFallback(), Integer::sum);
        }
        Map<String, Map<String, double[]>> decodeCells = cells(decode, variants);
        Map<String, Map<String, double[]>> ttftCells = cells(ttft, variants);
        // class|alias -> device -> variant ids seen
        Map<String, Map<DeviceType, List<String>>> seen = new TreeMap<>();
        decodeCells.keySet().forEach(k -> {
            String[] p = k.split("\u0000");
            ModelVariant v = variants.get(p[1]);
            List<String> ids = seen.computeIfAbsent(p[0] + "\u0000" + v.alias(), x -> new TreeMap<>())
                    .computeIfAbsent(v.deviceType(), x -> new ArrayList<>());
            if (!ids.contains(v.id())) {
                ids.add(v.id());
            }
        });
        List<Row> out = new ArrayList<>();
        seen.forEach((classAlias, byDevice) -> {
            List<String> cpus = byDevice.getOrDefault(DeviceType.CPU, List.of());
            if (cpus.isEmpty()) {
                return;
            }
            String[] p = classAlias.split("\u0000");
            String cpu = cpus.get(0);
            for (DeviceType d : List.of(DeviceType.GPU, DeviceType.NPU)) {
                for (String acc : byDevice.getOrDefault(d, List.of())) {
                    Paired dec = paired(decodeCells, p[0], cpu, acc);
                    Paired tt = paired(ttftCells, p[0], cpu, acc);
                    int machines = Math.max(dec.machines, tt.machines);
                    if (machines == 0) {
                        continue;
                    }
                    java.util.Set<String> strata = new java.util.TreeSet<>(dec.strata);
                    strata.addAll(tt.strata);
                    int suspected = strata.stream().mapToInt(st -> flagged.getOrDefault(p[0] + "\u0000" + acc
                            + "\u0000" + st, 0)).sum();
                    out.add(new Row(p[0], p[1], d, acc, cpu, machines, ratio(dec), ratio(tt), suspected));
                }
            }
        });
        return out;
    }

    /** class|variant -> worker|prompt -> positive values. */
    private static Map<String, Map<String, double[]>> cells(List<GroupValues> groups, Map<String, ModelVariant> variants) {
        Map<String, Map<String, double[]>> out = new TreeMap<>();
        for (GroupValues g : groups) {
            String model = g.keys().get(Dimension.MODEL);
            if (model == null || !variants.containsKey(model)) {
                continue;
            }
            double[] v = Arrays.stream(g.values()).filter(x -> x > 0).toArray();
            if (v.length == 0) {
                continue;
            }
            out.computeIfAbsent(g.keys().get(Dimension.HARDWARE_CLASS) + "\u0000" + model, k -> new TreeMap<>())
                    .put(g.keys().get(Dimension.WORKER) + "\u0000" + g.keys().get(Dimension.PROMPT), v);
        }
        return out;
    }

    /** The strata (machine × prompt) both variants ran on this class. */
    private record Paired(List<double[]> cpu, List<double[]> acc, int machines, List<String> strata) {
    }

    private static Paired paired(Map<String, Map<String, double[]>> cells, String cls, String cpu, String acc) {
        Map<String, double[]> c = cells.getOrDefault(cls + "\u0000" + cpu, Map.of());
        Map<String, double[]> a = cells.getOrDefault(cls + "\u0000" + acc, Map.of());
        List<double[]> before = new ArrayList<>();
        List<double[]> after = new ArrayList<>();
        java.util.Set<String> machines = new java.util.TreeSet<>();
        List<String> strata = new ArrayList<>();
        c.forEach((stratum, values) -> {
            double[] other = a.get(stratum);
            if (other != null) {
                before.add(values);
                after.add(other);
                strata.add(stratum);
                machines.add(stratum.substring(0, stratum.indexOf('\u0000')));
            }
        });
        return new Paired(before, after, machines.size(), strata);
    }

    private static Ratio ratio(Paired p) {
        if (p.cpu.isEmpty()) {
            return null;
        }
        ShiftTest.Result r = ShiftTest.test(p.cpu, p.acc, CONFIDENCE);
        double[] cpu = pool(p.cpu);
        double[] acc = pool(p.acc);
        return new Ratio(median(acc) / median(cpu), Math.exp(r.shift()), r.low() == null ? null : Math.exp(r.low()),
                r.high() == null ? null : Math.exp(r.high()), acc.length, cpu.length);
    }

    private static double[] pool(List<double[]> strata) {
        double[] out = strata.stream().flatMapToDouble(Arrays::stream).toArray();
        Arrays.sort(out);
        return out;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
