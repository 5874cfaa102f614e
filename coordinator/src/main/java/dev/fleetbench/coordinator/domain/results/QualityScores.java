package dev.fleetbench.coordinator.domain.results;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Blind ratings folded into a quality score per model and use case: the mean of accuracy, clarity and completeness
 * (1–5) over every rated answer of that model in that use case. Pure.
 */
public final class QualityScores {

    private final Map<String, Map<String, double[]>> sums = new TreeMap<>();

    private QualityScores() {
    }

    public static QualityScores of(Iterable<RatingRecord> ratings) {
        QualityScores q = new QualityScores();
        for (RatingRecord r : ratings) {
            q.add(r.modelA(), r.useCase(), r.a().mean());
            q.add(r.modelB(), r.useCase(), r.b().mean());
        }
        return q;
    }

    private void add(String model, String useCase, double score) {
        double[] s = sums.computeIfAbsent(model, m -> new HashMap<>()).computeIfAbsent(useCase, u -> new double[2]);
        s[0] += score;
        s[1]++;
    }

    /** The score of a model in a use case; null when it has no rating there. */
    public Double score(String model, String useCase) {
        double[] s = sums.getOrDefault(model, Map.of()).get(useCase);
        return s == null ? null : s[0] / s[1];
    }

    /** Ratings behind {@link #score}. */
    public int count(String model, String useCase) {
        double[] s = sums.getOrDefault(model, Map.of()).get(useCase);
        return s == null ? 0 : (int) s[1];
    }
}
