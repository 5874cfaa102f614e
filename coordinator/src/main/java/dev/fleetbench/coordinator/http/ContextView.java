package dev.fleetbench.coordinator.http;

import dev.fleetbench.common.stats.Summary;
import dev.fleetbench.coordinator.app.ContextResults;
import dev.fleetbench.coordinator.domain.context.ContextCurves;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of {@code GET /api/campaigns/{id}/context} (docs/api.md): one row per class × model × prompt length. */
final class ContextView {

    static final Map<String, String> DEFINITIONS = new LinkedHashMap<>();

    static {
        DEFINITIONS.put("ttft_ms", "time to first token: first streamed token chunk − request sent (ms); p50 with the"
                + " 95 % interval of the median");
        DEFINITIONS.put("prefill_tps", "prefill rate: n_in / TTFT, includes queueing and transport (tokens/s)");
        DEFINITIONS.put("peak_rss_bytes", "the engine process's largest resident memory read (every 20 ms) while a"
                + " request ran, bytes; for an engine inside the agent (embedded) the agent's whole process");
        DEFINITIONS.put("approximate", "successful requests whose prompt length was approximated (4 characters per"
                + " token) because the engine exposes no tokenizer; the others were counted with the model's tokenizer");
        DEFINITIONS.put("does_not_fit", "the prompt and its answer need more than the model's context window: not sent,"
                + " not a request and not an error");
    }

    private ContextView() {
    }

    static Map<String, Object> json(String campaignId, ContextResults.Table t) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("campaign", campaignId);
        doc.put("lengths", t.lengths());
        doc.put("basis", ContextCurves.BASIS);
        doc.put("definitions", DEFINITIONS);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ContextCurves.Point p : t.points()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("hardware_class", p.hardwareClass());
            r.put("hardware_class_label", t.classLabels().getOrDefault(p.hardwareClass(), p.hardwareClass()));
            r.put("model", p.model());
            r.put("context_tokens", p.contextTokens());
            r.put("prompt_id", p.promptId());
            r.put("machines", p.machines());
            r.put("cells", p.cells());
            r.put("requests", p.requests());
            r.put("failures", p.failures());
            r.put("ttft_ms", figure(p.ttftMs(), true));
            r.put("prefill_tps", figure(p.prefillTps(), true));
            r.put("peak_rss_bytes", figure(p.peakRssBytes(), false));
            r.put("approximate", p.approximate());
            r.put("does_not_fit", p.doesNotFit());
            rows.add(r);
        }
        doc.put("rows", rows);
        return doc;
    }

    private static Map<String, Object> figure(Summary s, boolean interval) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", s.n());
        m.put("p50", s.p50());
        if (interval) {
            m.put("median_ci_low", s.medianCiLow());
            m.put("median_ci_high", s.medianCiHigh());
            m.put("p90", s.p90());
        } else {
            m.put("max", s.max());
        }
        return m;
    }
}
