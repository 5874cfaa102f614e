package dev.fleetbench.common.recommend;

import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.stats.SampleStats;
import java.util.Collection;
import java.util.List;

/**
 * Builds a {@link Candidate} from raw samples, the way the coordinator's aggregates do from its store: statistics over
 * the measured requests, measured quality from the scores of the measured ok answers. Used by {@code bench}, so that
 * one machine and the fleet judge the same samples the same way. Pure.
 */
public final class Candidates {

    private Candidates() {
    }

    /**
     * @param samples      the model's samples in one use case (cold and warm-up samples are ignored)
     * @param variant      its catalog entry; null when unknown
     * @param peakRssBytes measured peak memory; null when not measured
     * @param ramBytes     the machine's RAM
     */
    public static Candidate of(String model, Collection<Sample> samples, ModelVariant variant, Long peakRssBytes,
                               long ramBytes) {
        return new Candidate(model, variant == null ? 0 : variant.parameterCount(), null, false, SampleStats.of(samples),
                peakRssBytes, ramBytes, null, null, quality(samples), 0,
                variant == null || variant.fileSizeBytes() <= 0 ? null : variant.fileSizeBytes(),
                variant == null ? null : variant.quantization());
    }

    /** The measured quality of the measured ok answers that were scored; null when none was. */
    public static QualityEstimate quality(Collection<Sample> samples) {
        List<Double> scores = samples.stream().filter(s -> s.kind() == SampleKind.MEASURED && s.ok() && s.quality() != null)
                .map(s -> s.quality().score()).toList();
        return QualityEstimate.of(scores);
    }
}
