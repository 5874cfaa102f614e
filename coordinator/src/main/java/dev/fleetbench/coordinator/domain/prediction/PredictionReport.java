package dev.fleetbench.coordinator.domain.prediction;

import dev.fleetbench.common.stats.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The predictions of a campaign beside its measurements: per cell, per hardware class × model, and the prediction's
 * error per class, the median absolute percentage error over the class's cells that have both figures
 * (100 × |predicted − measured| ÷ measured, the median because a few tiny or cached models can be off by a lot).
 * Pure.
 *
 * @param rows    one per hardware class × model, sorted by class then model
 * @param classes the error of each class, sorted by class
 * @param cells   every cell with a prediction or a measurement, in the order given
 */
public record PredictionReport(List<Row> rows, List<ClassError> classes, List<CellOutcome> cells) {

    public PredictionReport {
        rows = List.copyOf(rows);
        classes = List.copyOf(classes);
        cells = List.copyOf(cells);
    }

    /**
     * One cell: its prediction (null without a measured bandwidth or a known size) and its measured decode median.
     *
     * @param cellId           cell
     * @param hardwareClass    class key of its machine
     * @param workerId         machine
     * @param model            the variant it ran (or would have run)
     * @param promptId         prompt
     * @param status           cell status (done, predicted_too_slow, …)
     * @param prediction       the prediction; null when there is none
     * @param measuredDecodeP50 median decode rate of its measured requests, tokens/s; null when none was measured
     * @param n                measured requests with a decode rate
     * @param absPctError      100 × |predicted − measured| ÷ measured; null unless both are there
     */
    public record CellOutcome(String cellId, String hardwareClass, String workerId, String model, String promptId,
                              String status, CellPrediction prediction, Double measuredDecodeP50, int n,
                              Double absPctError) {

        /** A cell, its error worked out from the two figures. */
        public static CellOutcome of(String cellId, String hardwareClass, String workerId, String model, String promptId,
                                     String status, CellPrediction prediction, Double measuredDecodeP50, int n) {
            Double error = prediction == null || measuredDecodeP50 == null || !(measuredDecodeP50 > 0) ? null
                    : 100 * Math.abs(prediction.decodeTps() - measuredDecodeP50) / measuredDecodeP50;
            return new CellOutcome(cellId, hardwareClass, workerId, model, promptId, status, prediction,
                    measuredDecodeP50, n, error);
        }
    }

    /**
     * A measured figure of a class × model, pooled over its cells as the aggregates pool it.
     *
     * @param decodeP50 median decode rate, tokens/s; null when none
     * @param n         measured requests behind it
     */
    public record Measured(Double decodeP50, int n) {
    }

    /**
     * One hardware class × model.
     *
     * @param hardwareClass      class key
     * @param hardwareClassLabel class label, for people
     * @param model              variant
     * @param cells              its cells
     * @param predictedCells     cells with a prediction
     * @param skipped            cells not run because predicted too slow
     * @param predictedDecodeTps median of its cells' predictions; null when none has one
     * @param measuredDecodeP50  pooled median of its measured decode rates; null when none was measured
     * @param n                  measured requests behind that median
     * @param ratio              measured ÷ predicted; null unless both are there
     * @param fits               whether the predicted memory need fits every machine (false when one does not);
     *                           null when unknown
     * @param memoryBytes        the largest predicted memory need of its cells; null when none has a prediction
     */
    public record Row(String hardwareClass, String hardwareClassLabel, String model, int cells, int predictedCells,
                      int skipped, Double predictedDecodeTps, Double measuredDecodeP50, int n, Double ratio,
                      Boolean fits, Long memoryBytes) {
    }

    /**
     * The prediction's error on one class.
     *
     * @param hardwareClass    class key
     * @param hardwareClassLabel label
     * @param scoredCells      cells with both a prediction and a measurement
     * @param medianAbsPctError median over those cells of 100 × |predicted − measured| ÷ measured; null when none
     */
    public record ClassError(String hardwareClass, String hardwareClassLabel, int scoredCells,
                             Double medianAbsPctError) {
    }

    /**
     * Scores the cells.
     *
     * @param cells   every cell of the campaign
     * @param pooled  measured figures by class key and model ({@link #key})
     * @param labels  class labels by key (a key without one is its own label)
     */
    public static PredictionReport of(List<CellOutcome> cells, Map<String, Measured> pooled,
                                      Map<String, String> labels) {
        Map<String, List<CellOutcome>> byGroup = new TreeMap<>();
        Map<String, List<Double>> errors = new TreeMap<>();
        for (CellOutcome c : cells) {
            byGroup.computeIfAbsent(key(c.hardwareClass(), c.model()), k -> new ArrayList<>()).add(c);
            List<Double> e = errors.computeIfAbsent(c.hardwareClass(), k -> new ArrayList<>());
            if (c.absPctError() != null) {
                e.add(c.absPctError());
            }
        }
        List<Row> rows = new ArrayList<>();
        byGroup.forEach((k, group) -> {
            CellOutcome first = group.get(0);
            List<Double> predicted = new ArrayList<>();
            Boolean fits = null;
            Long memory = null;
            int skipped = 0;
            for (CellOutcome c : group) {
                if (c.prediction() != null) {
                    predicted.add(c.prediction().decodeTps());
                    memory = memory == null ? c.prediction().memoryBytes()
                            : Math.max(memory, c.prediction().memoryBytes());
                    Boolean f = c.prediction().fits();
                    fits = f == null ? fits : fits == null ? f : fits && f;
                }
                if ("predicted_too_slow".equals(c.status())) {
                    skipped++;
                }
            }
            Double p = median(predicted);
            Measured m = pooled.getOrDefault(k, new Measured(null, 0));
            Double ratio = p == null || m.decodeP50() == null || !(p > 0) ? null : m.decodeP50() / p;
            rows.add(new Row(first.hardwareClass(), labels.getOrDefault(first.hardwareClass(), first.hardwareClass()),
                    first.model(), group.size(), predicted.size(), skipped, p, m.decodeP50(), m.n(), ratio, fits,
                    memory));
        });
        List<ClassError> classes = new ArrayList<>();
        errors.forEach((cls, e) -> classes.add(new ClassError(cls, labels.getOrDefault(cls, cls), e.size(), median(e))));
        return new PredictionReport(rows, classes, cells);
    }

    /** The key of a class × model in {@code pooled}. */
    public static String key(String hardwareClass, String model) {
        return hardwareClass + "\u0000" + model;
    }

    private static Double median(List<Double> values) {
        return values.isEmpty() ? null : Summary.of(values.stream().mapToDouble(Double::doubleValue).toArray()).p50();
    }
}
