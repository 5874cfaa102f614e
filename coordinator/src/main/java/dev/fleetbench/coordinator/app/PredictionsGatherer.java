package dev.fleetbench.coordinator.app;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.stats.Summary;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.LeaseUnit;
import dev.fleetbench.coordinator.domain.prediction.CellPrediction;
import dev.fleetbench.coordinator.domain.prediction.PredictionReport;
import dev.fleetbench.coordinator.domain.prediction.Predictor;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.store.StoredWorker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@code GET /api/campaigns/{id}/predictions} answers from: the campaign's cells and units, its workers'
 * registrations (their measured bandwidth and memory, their catalogs' sizes) and the measured decode medians per cell
 * and per hardware class × model, then scores them ({@link PredictionReport}). A prediction is worked out from the
 * bandwidth a worker registered with last, as at the campaign's start unless the worker restarted since. Runs on a
 * store reader thread.
 */
final class PredictionsGatherer {


    private PredictionsGatherer() {
    }

    static PredictionReport gather(ResultsService.Stores s, String campaignId, CampaignSpec spec) {
        Map<String, HardwareProfile> hardware = new HashMap<>();
        Map<String, ModelVariant> catalog = new HashMap<>();
        for (StoredWorker w : s.workers().workers()) {
            hardware.put(w.registration().workerId(), w.registration().hardware());
            w.registration().catalog().forEach(v -> catalog.put(w.registration().workerId() + "\u0000" + v.id(), v));
        }
        // the variant a unit leased is the one placed: it wins over a catalog that changed since
        for (LeaseUnit u : s.campaigns().units(campaignId)) {
            catalog.put(u.workerId() + "\u0000" + u.variant().id(), u.variant());
        }
        Map<String, PromptSpec> prompts = new HashMap<>();
        spec.prompts().prompts().forEach(p -> prompts.put(p.id(), p));
        StoredClasses classes = StoredClasses.read(s, List.of(campaignId));

        Map<String, Summary> perCell = decodeBy(s, campaignId, List.of(Dimension.HARDWARE_CLASS, Dimension.WORKER,
                Dimension.MODEL, Dimension.PROMPT));
        Map<String, Summary> perGroup = decodeBy(s, campaignId, List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL));

        List<PredictionReport.CellOutcome> cells = new ArrayList<>();
        for (Cell c : s.campaigns().cells(campaignId)) {
            if (c.variantId() == null) {
                continue; // does not fit: nothing would run, nothing to predict or measure
            }
            String cls = classes.keyOf(c.workerId());
            HardwareProfile h = hardware.get(c.workerId());
            ModelVariant v = catalog.get(c.workerId() + "\u0000" + c.variantId());
            PromptSpec p = prompts.get(c.promptId());
            CellPrediction prediction = h == null || p == null ? null
                    : Predictor.predict(h.memoryBandwidth(), h.memory(), v, p).orElse(null);
            Summary m = perCell.get(String.join("\u0000", cls, c.workerId(), c.variantId(), c.promptId()));
            cells.add(PredictionReport.CellOutcome.of(c.id(), cls, c.workerId(), c.variantId(), c.promptId(),
                    c.status().wire(), prediction, m == null ? null : m.p50(), m == null ? 0 : m.n()));
        }
        Map<String, PredictionReport.Measured> pooled = new HashMap<>();
        perGroup.forEach((k, m) -> pooled.put(k, new PredictionReport.Measured(m.p50(), m.n())));
        return PredictionReport.of(cells, pooled, classes.labels());
    }

    /**
     * The decode summary of each group, keyed by its dimension values joined with NUL; where fingerprints split a
     * group, the one with most requests stands for it.
     */
    private static Map<String, Summary> decodeBy(ResultsService.Stores s, String campaignId, List<Dimension> by) {
        Map<String, Summary> out = new HashMap<>();
        for (AggregateRow r : s.results().aggregate(new AggregateRequest(List.of(campaignId), by, Map.of()))) {
            Summary m = r.metrics().get(Metric.DECODE_TPS);
            if (m == null || m.p50() == null) {
                continue;
            }
            String key = String.join("\u0000", by.stream().map(d -> String.valueOf(r.keys().get(d))).toList());
            Summary prev = out.get(key);
            if (prev == null || m.n() > prev.n()) {
                out.put(key, m);
            }
        }
        return out;
    }
}
