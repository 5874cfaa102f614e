package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.stats.Summary;
import dev.fleetbench.common.testing.Fixtures;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpec;
import dev.fleetbench.coordinator.domain.campaign.CampaignSpecParser;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.Matrix;
import dev.fleetbench.coordinator.domain.matrix.MatrixExpander;
import dev.fleetbench.coordinator.domain.results.AggregateRequest;
import dev.fleetbench.coordinator.domain.results.AggregateRow;
import dev.fleetbench.coordinator.domain.results.Dimension;
import dev.fleetbench.coordinator.domain.results.GroupValues;
import dev.fleetbench.coordinator.domain.results.RatingRecord;
import dev.fleetbench.coordinator.testing.Machines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Aggregates computed in SQL equal the Java definitions on the same raw values, pooled per class, like with like, on
 * both databases ({@link DuckDbAggregatesTest}, {@link PostgresAggregatesTest}); {@link AggregatesAgreeTest} checks
 * that the two give the same figures.
 */
abstract class AggregatesContractTest extends StoreTestBase {

    private static final String SPEC = """
            {"name": "agg", "models": ["stories260K"], "repetitions": 40,
             "prompts": [{"id": "a", "text": "A", "category": "chat"}, {"id": "b", "text": "B", "category": "code"}]}""";

    /** The class of both workers' desktop profile, which the samples' fingerprints carry. */
    private static final String DESKTOP = "intel-core-i7-gen12/20t/32gb/none/linux";

    JdbcStore store;
    private Matrix matrix;

    @BeforeEach
    void setUp() {
        store = stores().open("agg");
        CampaignSpec spec = CampaignSpecParser.parse(SPEC, false);
        matrix = MatrixExpander.expand("c1", spec, List.of(Machines.desktop("w2", Map.of()), Machines.desktop("w3", Map.of())));
        for (String w : List.of("w2", "w3")) {
            store.upsertWorker(new dev.fleetbench.common.protocol.RegisterRequest(
                    dev.fleetbench.common.protocol.Protocol.VERSION, w, "0.1.0", Fixtures.intelDesktop(),
                    new dev.fleetbench.common.protocol.EngineDescriptor("embedded", "b4916"), List.of(), List.of(), Map.of()),
                    Instant.parse("2026-11-24T09:00:00Z"));
        }
        store.insertCampaign(new CampaignRecord("c1", "agg", SPEC, false, null, Instant.parse("2026-11-24T10:00:00Z"),
                CampaignState.RUNNING, null, List.of()), matrix.cells(), matrix.units());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Cell cell(String worker, String prompt) {
        return matrix.cells().stream().filter(c -> c.workerId().equals(worker) && c.promptId().equals(prompt))
                .findFirst().orElseThrow();
    }

    private static Sample sample(Cell c, double ttft, double gap, Fingerprint fp) {
        Sample s = Samples.ok("stories260K", c.promptId(), ttft, gap, 8).withPlacement("c1", c.id(), "l", c.workerId());
        return new Sample(s.id(), s.campaignId(), s.cellId(), s.leaseId(), s.workerId(), s.model(), s.promptId(), 0,
                s.kind(), s.status(), null, null, s.startedAtMs(), s.ttftMs(), s.ttfcMs(), s.tpotMs(), s.e2eMs(),
                s.decodeTps(), s.prefillTps(), s.nIn(), s.nOut(), false, s.itlGapsMs(), null, s.text(), Map.of(), fp);
    }

    private AggregateRequest request(List<Dimension> by) {
        return new AggregateRequest(List.of("c1"), by, Map.of("a", "chat", "b", "code"));
    }

    @Test
    void theClassPoolsTheRawSamplesOfItsMachinesAndMatchesTheJavaDefinitions() {
        Fingerprint fp = Fixtures.embeddedFingerprint("stories260K");
        Random rnd = new Random(7);
        List<Sample> batch = new ArrayList<>();
        List<Double> ttfts = new ArrayList<>();
        for (String w : List.of("w2", "w3")) {
            for (String p : List.of("a", "b")) {
                for (int i = 0; i < 20; i++) {
                    double ttft = 50 + rnd.nextInt(200) + (w.equals("w3") ? 100 : 0);
                    ttfts.add(ttft);
                    batch.add(sample(cell(w, p), ttft, 5 + rnd.nextInt(5), fp));
                }
            }
        }
        Cell a2 = cell("w2", "a");
        batch.add(Samples.ok("stories260K", "a", SampleKind.WARMUP, 99_999, 1, 8).withPlacement("c1", a2.id(), "l", "w2"));
        batch.add(Sample.builder("failed-1", "stories260K", "a", SampleKind.MEASURED, 20).fingerprint(fp)
                .failed(dev.fleetbench.common.model.FailureCode.TIMEOUT, "slow").withPlacement("c1", a2.id(), "l", "w2"));
        store.ingest(batch);

        List<AggregateRow> rows = store.aggregate(request(List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL)));
        assertThat(rows).hasSize(1);
        AggregateRow r = rows.get(0);
        assertThat(r.keys()).isEqualTo(Map.of(Dimension.HARDWARE_CLASS, DESKTOP, Dimension.MODEL, "stories260K"));
        assertThat(r.requests()).as("80 ok + 1 failed; the warm-up is excluded").isEqualTo(81);
        assertThat(r.machines()).as("pooled over both desktops").isEqualTo(2);
        assertThat(r.failures()).isEqualTo(1);
        assertThat(r.engineVersion()).isEqualTo(fp.engineVersion());
        Summary expected = Summary.of(ttfts.stream().mapToDouble(Double::doubleValue).toArray());
        Summary actual = r.metrics().get("ttft_ms");
        assertThat(actual.n()).isEqualTo(80);
        assertThat(actual.p50()).isCloseTo(expected.p50(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(actual.p90()).isCloseTo(expected.p90(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(actual.p99()).isCloseTo(expected.p99(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(actual.mean()).isCloseTo(expected.mean(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(actual.sd()).isCloseTo(expected.sd(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(actual.min()).isEqualTo(expected.min());
        assertThat(actual.max()).isEqualTo(expected.max());
        assertThat(actual.medianCiLow()).isEqualTo(expected.medianCiLow());
        assertThat(actual.medianCiHigh()).isEqualTo(expected.medianCiHigh());

        List<AggregateRow> byUseCase = store.aggregate(request(List.of(Dimension.MODEL, Dimension.USE_CASE)));
        assertThat(byUseCase).extracting(x -> x.keys().get(Dimension.USE_CASE) + ":" + x.requests())
                .containsExactly("chat:41", "code:40");
        List<AggregateRow> byWorker = store.aggregate(request(List.of(Dimension.WORKER)));
        assertThat(byWorker).extracting(x -> x.keys().get(Dimension.WORKER)).containsExactly("w2", "w3");
        assertThat(byWorker.get(1).metrics().get("ttft_ms").p50()).as("w3 is 100 ms slower")
                .isGreaterThan(byWorker.get(0).metrics().get("ttft_ms").p50());
    }

    @Test
    void samplesOfAnotherEngineVersionAreNeverPooled() {
        Fingerprint v1 = Fixtures.embeddedFingerprint("stories260K");
        Fingerprint v2 = new Fingerprint(v1.modelVariantId(), v1.executionProvider(), v1.deviceType(), v1.engine(),
                "llama.cpp b5000", v1.agentVersion(), v1.hardwareProfileHash(), v1.osBuild(), null, v1.powerSource(),
                v1.promptSetVersion());
        store.ingest(List.of(sample(cell("w2", "a"), 100, 5, v1), sample(cell("w3", "a"), 200, 5, v2)));
        List<AggregateRow> rows = store.aggregate(request(List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL)));
        assertThat(rows).extracting(AggregateRow::engineVersion)
                .containsExactly("llama.cpp b4916 (de.kherud:llama 4.1.0)", "llama.cpp b5000");
        assertThat(rows).allSatisfy(r -> assertThat(r.metrics().get("ttft_ms").n()).isEqualTo(1));
    }

    @Test
    void anEmptyCampaignHasNoGroups() {
        assertThat(store.aggregate(request(List.of(Dimension.MODEL)))).isEmpty();
    }

    @Test
    void stabilityIsJudgedPerCellOnTheDecodeRate() {
        Fingerprint fp = Fixtures.embeddedFingerprint("stories260K");
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(sample(cell("w2", "a"), 100, 10, fp));                  // identical: stable
            batch.add(sample(cell("w3", "a"), 100, i % 2 == 0 ? 10 : 12, fp)); // decode 100 vs 83 tok/s: cv 10 %
        }
        store.ingest(batch);
        assertThat(store.unstableCells("c1", null)).containsExactly(cell("w3", "a").id());
        assertThat(store.unstableCells("c1", List.of(cell("w2", "a").id()))).isEmpty();
        assertThat(store.unstableCells("c1", List.of())).isEmpty();
    }

    @Test
    void rawValuesComeSortedWithTheFingerprintsSeen() {
        Fingerprint fp = Fixtures.embeddedFingerprint("stories260K");
        store.ingest(List.of(sample(cell("w2", "a"), 300, 10, fp), sample(cell("w2", "b"), 100, 10, fp),
                sample(cell("w3", "a"), 200, 10, fp)));
        List<GroupValues> v = store.values(request(List.of(Dimension.HARDWARE_CLASS)), "ttft_ms");
        assertThat(v).hasSize(1);
        assertThat(v.get(0).values()).containsExactly(100.0, 200.0, 300.0);
        assertThat(v.get(0).fingerprints().get("engine_version")).containsExactly(fp.engineVersion());
        assertThat(v.get(0).fingerprints().get("os_build")).containsExactly("6.1.0-18-amd64");
    }

    @Test
    void ratingsRoundTripAndPlannedRepetitionsUpdate() {
        RatingRecord r = new RatingRecord("r-1", "c1", "a", "chat", "s-1", "s-2", "stories260K", "synthetic-8m",
                new RatingRecord.Scores(5, 4, 3), new RatingRecord.Scores(1, 2, 2), Instant.parse("2026-11-24T10:00:00Z"));
        store.insertRating(r);
        assertThat(store.ratings(List.of("c1"))).containsExactly(r);
        assertThat(store.ratings(List.of("c2"))).isEmpty();
        Cell c = cell("w2", "a");
        store.updateCells(List.of(new Cell(c.id(), c.campaignId(), c.workerId(), c.model(), c.variantId(), c.promptId(),
                120, c.status(), c.reason())));
        assertThat(store.cells("c1")).filteredOn(x -> x.id().equals(c.id())).singleElement()
                .extracting(Cell::planned).isEqualTo(120);
    }
}
