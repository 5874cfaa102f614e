package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.quality.QualityScore;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpecParser;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import dev.fleetbench.coordinator.domain.matrix.Matrix;
import dev.fleetbench.coordinator.domain.matrix.MatrixExpander;
import dev.fleetbench.coordinator.testing.Machines;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A small campaign expanded over two machines, and samples placed in its cells. */
final class StoreData {

    static final String SPEC = """
            {"name": "store test", "models": ["phi-4-mini", "phi-4", "stories260K"], "repetitions": 3,
             "prompts": [{"id": "a", "text": "Say A", "expect": {"contains": "A"}},
                         {"id": "b", "text": "Say B, \\"quoted\\"\\nand a new line"}]}""";
    static final Instant CREATED = Instant.parse("2025-05-06T07:08:09.123456Z");

    private StoreData() {
    }

    static CampaignSpec spec() {
        return CampaignSpecParser.parse(SPEC, false);
    }

    /** phi-4-mini on w1 (laptop, NPU) and w2 (desktop, CPU), stories260K on w2; phi-4 fits nowhere. */
    static Matrix matrix(String campaignId) {
        return MatrixExpander.expand(campaignId, spec(),
                List.of(Machines.laptop("w1", Map.of("room", "b12")), Machines.desktop("w2", Map.of())));
    }

    static CampaignRecord campaign(String id) {
        return new CampaignRecord(id, "store test", SPEC, false, null, CREATED, CampaignState.RUNNING, null,
                matrix(id).notes());
    }

    /** Inserts the campaign with its matrix; returns the matrix. */
    static Matrix insert(CoordinatorStore store, String campaignId) {
        Matrix m = matrix(campaignId);
        store.insertCampaign(campaign(campaignId), m.cells(), m.units());
        return m;
    }

    /** The runnable cells (pending) of a matrix. */
    static List<Cell> runnable(Matrix m) {
        return m.cells().stream().filter(c -> c.status() == CellStatus.PENDING).toList();
    }

    static Sample measured(Cell cell) {
        return Samples.ok(cell.variantId(), cell.promptId(), 120.5, 8.25, 16)
                .withPlacement(cell.campaignId(), cell.id(), "lease-" + cell.workerId(), cell.workerId());
    }

    static Sample warmup(Cell cell) {
        return Samples.ok(cell.variantId(), cell.promptId(), SampleKind.WARMUP, 300.0, 9.0, 4)
                .withPlacement(cell.campaignId(), cell.id(), "lease-" + cell.workerId(), cell.workerId());
    }

    static Sample failed(Cell cell) {
        return Samples.failed(cell.variantId(), cell.promptId(), FailureCode.TIMEOUT)
                .withPlacement(cell.campaignId(), cell.id(), "lease-" + cell.workerId(), cell.workerId());
    }

    /** A measured sample with provenance, engine timings and awkward text, as the embedded engine makes them. */
    static Sample rich(String id, Cell cell, long startedAtMs) {
        Sample s = Samples.ok(cell.variantId(), cell.promptId(), 95.0, 7.5, 12);
        return new Sample(id, cell.campaignId(), cell.id(), "lease-x", cell.workerId(), s.model(), s.promptId(), 2,
                SampleKind.MEASURED, s.status(), null, null, startedAtMs, s.ttftMs(), s.ttfcMs(), s.tpotMs(),
                s.e2eMs(), s.decodeTps(), s.prefillTps(), 42, s.nOut(), true, s.itlGapsMs(), "stop",
                "=SUM(A1), \"quoted\"\nnext line é", Map.of("prompt_ms", 12.5, "predicted_per_second", 99.0),
                Fixtures.embeddedFingerprint(cell.variantId()),
                QualityScore.partial(1, 2, "1 of 2 required words"), null, null);
    }
}
