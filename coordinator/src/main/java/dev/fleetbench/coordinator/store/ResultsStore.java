package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.coordinator.domain.context.ContextSample;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.GroupKey;
import dev.fleetbench.coordinator.domain.results.GroupSamples;
import dev.fleetbench.coordinator.domain.results.GroupValues;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The results read side: statistics computed in the store over the measured, counted samples, the raw values
 * behind them, the stability check of cells, and the hardware classes that samples were stored with.
 *
 * <p>One concern of the {@linkplain CoordinatorStore coordinator's store}, which holds its threading and failure rules:
 * every method blocks (JDBC), so call it from a worker thread, never an event loop; each write is one transaction.
 */
public interface ResultsStore {

    /**
     * Statistics of the measured, counted samples of some campaigns, grouped as asked and by the fingerprint fields
     * that make samples comparable (metrics.md "Statistics"); computed once, in the store.
     */
    List<AggregateRow> aggregate(AggregateRequest request);

    /** The raw values of one metric per group, with the fingerprint values seen in each group. */
    List<GroupValues> values(AggregateRequest request, Metric metric);

    /**
     * The measured, counted samples of a campaign's context-length prompts ({@code promptIds}), failed ones included,
     * one row each with its stored hardware class, for the context curves.
     */
    List<ContextSample> contextSamples(String campaignId, Collection<String> promptIds);

    /**
     * A page of the samples of one group of a campaign's aggregates, with how many the group holds: the parts of the
     * key that are null are not filtered on, {@code kind} null takes every kind. Set-aside samples are listed too.
     */
    GroupSamples groupSamples(String campaignId, GroupKey group, SampleKind kind, int offset, int limit);

    /**
     * Cells of a campaign that break the stability rule (cv ≥ 3 % or a point farther than 3 × 1.4826 × MAD from the median, {@code Stability}); {@code cellIds} limits the
     * check to those cells, null checks them all.
     */
    Set<String> unstableCells(String campaignId, Collection<String> cellIds);

    /**
     * The hardware classes that the measured, counted samples of some campaigns were stored with, per worker and
     * class (a laptop's samples on AC and on battery are two classes).
     */
    List<SampleClass> sampleClasses(List<String> campaignIds);
}
