package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.metrics.Metric;
import dev.fleetbench.common.model.DeviceTruth;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.Fingerprint;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.quality.QualityScore;
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
import dev.fleetbench.coordinator.domain.results.GroupKey;
import dev.fleetbench.coordinator.domain.results.GroupSamples;
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
 * both databases ({@link DuckDbAggregatesTest}, {@link PostgresAggregatesIT}); {@link AggregatesAgreeIT} checks
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
                s.decodeTps(), s.prefillTps(), s.nIn(), s.nOut(), false, s.itlGapsMs(), null, s.text(), Map.of(), fp,
                s.quality(), null, null);
    }

    @Test
    void aGroupsSamplesComePageByPageInArrivalOrderWithTheGroupsTotal() {
        Fingerprint fp = Fixtures.embeddedFingerprint("stories260K");
        List<Sample> batch = new ArrayList<>();
        List<String> w3b = new ArrayList<>();
        for (String w : List.of("w2", "w3")) {
            for (String p : List.of("a", "b")) {
                for (int i = 0; i < 5; i++) {
                    Sample s = sample(cell(w, p), 100 + i, 5, fp);
                    batch.add(s);
                    if (w.equals("w3") && p.equals("b")) {
                        w3b.add(s.id());
                    }
                }
            }
        }
        Sample measured = sample(cell("w2", "a"), 90, 5, fp);
        Sample warmup = new Sample("warm-1", measured.campaignId(), measured.cellId(), measured.leaseId(),
                measured.workerId(), measured.model(), measured.promptId(), 0, SampleKind.WARMUP, measured.status(), null,
                null, measured.startedAtMs(), measured.ttftMs(), measured.ttfcMs(), measured.tpotMs(), measured.e2eMs(),
                measured.decodeTps(), measured.prefillTps(), measured.nIn(), measured.nOut(), false,
                measured.itlGapsMs(), null, measured.text(), Map.of(), fp, null, null, null);
        batch.add(warmup);
        store.ingest(batch);
        GroupKey classAndModel = new GroupKey(DESKTOP, "stories260K", null, null);
        GroupSamples all = store.groupSamples("c1", classAndModel, null, 0, 100);
        assertThat(all.total()).isEqualTo(21);
        assertThat(all.samples()).hasSize(21).extracting(Sample::id).contains("warm-1");
        assertThat(store.groupSamples("c1", classAndModel, SampleKind.MEASURED, 0, 100).total()).isEqualTo(20);
        assertThat(store.groupSamples("c1", classAndModel, SampleKind.WARMUP, 0, 100).samples())
                .extracting(Sample::id).containsExactly("warm-1");
        // one cell (class, model, prompt, worker), its third and fourth sample
        GroupSamples page = store.groupSamples("c1", new GroupKey(DESKTOP, "stories260K", "b", "w3"), null, 2, 2);
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.samples()).extracting(Sample::id).containsExactlyElementsOf(w3b.subList(2, 4));
        assertThat(store.groupSamples("c1", new GroupKey(null, null, null, "w3"), null, 0, 100).total()).isEqualTo(10);
        GroupSamples beyond = store.groupSamples("c1", classAndModel, null, 100, 10);
        assertThat(beyond.samples()).isEmpty();
        assertThat(beyond.total()).isEqualTo(21);
        assertThat(store.groupSamples("c1", new GroupKey("no-such-class", null, null, null), null, 0, 10).total())
                .isZero();
    }

    @Test
    void tokensPerJouleIsAllOutputTokensOverAllJoulesOfTheMeteredAnswers() {
        Fingerprint fp = Fixtures.embeddedFingerprint("stories260K");
        List<Sample> batch = new ArrayList<>();
        double joules = 0;
        long tokens = 0;
        // w2 measured by RAPL (1.5 J + 0.1 J per repetition), w3 without a counter: only w2's answers count
        for (int i = 0; i < 10; i++) {
            Sample s = sample(cell("w2", "a"), 100 + i, 5, fp);
            double j = 1.5 + 0.1 * i;
            joules += j;
            tokens += s.nOut();
            batch.add(s.withEnergy(dev.fleetbench.common.model.Energy.of("rapl", "package-0", j, 0.2, s.nOut(), true,
                    4.0)));
            batch.add(sample(cell("w3", "a"), 100 + i, 5, fp));
        }
        // a context prompt longer than the model's window was not run: stored, but neither a request nor an error
        batch.add(Sample.builder("too-long", "stories260K", "a", SampleKind.MEASURED, 30).fingerprint(fp)
                .failed(dev.fleetbench.common.model.FailureCode.DOES_NOT_FIT, "a prompt of 4096 tokens and an answer of"
                        + " up to 8 tokens need more than the model's context window of 2048 tokens")
                .withPlacement("c1", cell("w2", "a").id(), "l", "w2"));
        store.ingest(batch);
        AggregateRow r = store.aggregate(request(List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL))).get(0);
        assertThat(r.requests()).isEqualTo(20);
        assertThat(r.failures()).isZero();
        assertThat(r.energy().requests()).isEqualTo(10);
        assertThat(r.energy().joules()).isCloseTo(joules, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.energy().outputTokens()).isEqualTo(tokens);
        assertThat(r.energy().tokensPerJoule()).isCloseTo(tokens / joules, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.energy().joulesPerAnswer()).isCloseTo(joules / 10, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.energy().estimate()).isTrue();
        AggregateRow byWorker = store.aggregate(request(List.of(Dimension.WORKER))).stream()
                .filter(x -> "w3".equals(x.keys().get(Dimension.WORKER))).findFirst().orElseThrow();
        assertThat(byWorker.energy()).as("no counter, no energy figures").isNull();
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
        Summary actual = r.metrics().get(Metric.TTFT_MS);
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
        assertThat(byWorker.get(1).metrics().get(Metric.TTFT_MS).p50()).as("w3 is 100 ms slower")
                .isGreaterThan(byWorker.get(0).metrics().get(Metric.TTFT_MS).p50());
    }

    @Test
    void qualityScoresArePooledPerUseCaseWithTheirIntervalAndFailedOrUnscoredAnswersLeftOut() {
        Fingerprint fp = Fixtures.embeddedFingerprint("stories260K");
        List<Sample> batch = new ArrayList<>();
        double[] chat = {1, 1, 0.5, 0, 1};   // mean 0.7, 3 passes
        for (int i = 0; i < chat.length; i++) {
            Sample s = sample(cell("w2", "a"), 100, 5, fp);
            batch.add(withQuality(s, QualityScore.partial((int) (chat[i] * 2), 2, "score " + chat[i])));
        }
        batch.add(sample(cell("w3", "b"), 100, 5, fp));   // code: no check, no score
        batch.add(Sample.builder("failed-q", "stories260K", "a", SampleKind.MEASURED, 9).fingerprint(fp)
                .failed(dev.fleetbench.common.model.FailureCode.TIMEOUT, "slow")
                .withPlacement("c1", cell("w2", "a").id(), "l", "w2"));
        store.ingest(batch);
        List<AggregateRow> rows = store.aggregate(request(List.of(Dimension.USE_CASE, Dimension.MODEL)));
        assertThat(rows).extracting(x -> x.keys().get(Dimension.USE_CASE)).containsExactly("chat", "code");
        // mean 0.7, sd = sqrt(0.8 / 4) = 0.4472, se 0.2, t(4) 2.7764: 0.1447 .. 1.2553 -> 1
        assertThat(rows.get(0).quality().mean()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(rows.get(0).quality().n()).isEqualTo(5);
        assertThat(rows.get(0).quality().low()).isCloseTo(0.1447, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(rows.get(0).quality().high()).isEqualTo(1.0);
        assertThat(rows.get(0).quality().passes()).isEqualTo(3);
        assertThat(rows.get(1).quality()).isNull();
    }

    private static Sample withQuality(Sample s, QualityScore q) {
        return new Sample(s.id(), s.campaignId(), s.cellId(), s.leaseId(), s.workerId(), s.model(), s.promptId(),
                s.repetition(), s.kind(), s.status(), null, null, s.startedAtMs(), s.ttftMs(), s.ttfcMs(), s.tpotMs(),
                s.e2eMs(), s.decodeTps(), s.prefillTps(), s.nIn(), s.nOut(), false, s.itlGapsMs(), null, s.text(),
                Map.of(), s.fingerprint(), q, null, null);
    }

    @Test
    void samplesFlaggedAsSuspectedCpuFallbackAreCountedInTheirGroup() {
        Fingerprint fp = Fixtures.embeddedFingerprint("stories260K");
        DeviceTruth flagged = new DeviceTruth(DeviceType.NPU, "QNNExecutionProvider", DeviceType.NPU,
                "QNNExecutionProvider", "catalog", 390.0, 400.0, true);
        DeviceTruth fine = flagged.withDecodeCpu(40.0, 400.0);
        store.ingest(List.of(sample(cell("w2", "a"), 100, 5, fp).withDeviceTruth(flagged),
                sample(cell("w2", "a"), 110, 5, fp).withDeviceTruth(flagged),
                sample(cell("w3", "a"), 120, 5, fp).withDeviceTruth(fine),
                sample(cell("w3", "b"), 130, 5, fp)));
        List<AggregateRow> byWorker = store.aggregate(request(List.of(Dimension.WORKER)));
        assertThat(byWorker).extracting(x -> x.keys().get(Dimension.WORKER) + ":" + x.suspectedCpuFallback())
                .containsExactly("w2:2", "w3:0");
    }

    @Test
    void samplesOfAnotherEngineVersionAreNeverPooled() {
        Fingerprint v1 = Fixtures.embeddedFingerprint("stories260K");
        Fingerprint v2 = new Fingerprint(v1.modelVariantId(), v1.executionProvider(), v1.deviceType(), v1.engine(),
                "llama.cpp b5000", v1.agentVersion(), v1.hardwareProfileHash(), v1.osBuild(), null, v1.powerSource(),
                v1.promptSetVersion(), v1.settings());
        store.ingest(List.of(sample(cell("w2", "a"), 100, 5, v1), sample(cell("w3", "a"), 200, 5, v2)));
        List<AggregateRow> rows = store.aggregate(request(List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL)));
        assertThat(rows).extracting(AggregateRow::engineVersion)
                .containsExactly("llama.cpp b4916 (de.kherud:llama 4.1.0)", "llama.cpp b5000");
        assertThat(rows).allSatisfy(r -> assertThat(r.metrics().get(Metric.TTFT_MS).n()).isEqualTo(1));
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
    void oneWildPointAmongSevenMakesACellUnstable() {
        // decode rates 1000 / gap: 100, 99.90, 99.80, 99.70, 99.60, 99.50 and 97.09 tok/s; cv 0.9 %, so only the
        // outlier half can decide: median 99.70, MAD 0.199, limit 3 x 1.4826 x 0.199 = 0.885, and 97.09 lies 2.61
        // below the median. With the sd of the same sample its z is only 2.24 (at most 6 / sqrt 7 = 2.27 for n = 7).
        Fingerprint fp = Fixtures.embeddedFingerprint("stories260K");
        List<Sample> batch = new ArrayList<>();
        for (double gap : new double[] {10.0, 10.01, 10.02, 10.03, 10.04, 10.05, 10.30}) {
            batch.add(sample(cell("w2", "a"), 100, gap, fp));
        }
        for (double gap : new double[] {10.0, 10.01, 10.02, 10.03, 10.04, 10.05, 10.06}) {
            batch.add(sample(cell("w3", "a"), 100, gap, fp));
        }
        store.ingest(batch);
        assertThat(store.unstableCells("c1", null)).containsExactly(cell("w2", "a").id());
    }

    @Test
    void everyCellWeighsTheSameInPooledPercentiles() {
        // w2 (2 values: 10, 20 ms) and w3 (4 values: 30 ... 60 ms), one class. Weights 1/2 and 1/4, total 2; positions
        // (C - w/2 - 1/4) / (2 - 1/4 - 1/8): 0, 0.3077, 0.5385, 0.6923, 0.8462, 1. p50 = 20 + (0.5 - 0.3077) / 0.2308
        // x 10 = 28.33 (pooled unweighted: 35); p90 = 50 + (0.9 - 0.8462) / 0.1538 x 10 = 53.5 (unweighted 55).
        Fingerprint fp = Fixtures.embeddedFingerprint("stories260K");
        List<Sample> batch = new ArrayList<>();
        for (double ttft : new double[] {10, 20}) {
            batch.add(sample(cell("w2", "a"), ttft, 5, fp));
        }
        for (double ttft : new double[] {30, 40, 50, 60}) {
            batch.add(sample(cell("w3", "a"), ttft, 5, fp));
        }
        store.ingest(batch);
        AggregateRow r = store.aggregate(request(List.of(Dimension.HARDWARE_CLASS, Dimension.MODEL))).get(0);
        assertThat(r.cells()).isEqualTo(2);
        Summary ttft = r.metrics().get(Metric.TTFT_MS);
        assertThat(ttft.n()).isEqualTo(6);
        assertThat(ttft.p50()).isCloseTo(20 + (0.5 - 0.5 / 1.625) / (0.375 / 1.625) * 10, org.assertj.core.data.Offset.offset(1e-9))
                .isCloseTo(28.333, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(ttft.p90()).isCloseTo(53.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ttft.mean()).as("the mean pools raw values").isCloseTo(35.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ttft.medianCiLow()).as("n_eff = 4 / (1/2 + 1/4) = 5.3: too few for an interval").isNull();
        assertThat(r.metrics().get(Metric.DECODE_TPS).p50()).as("equal decode rates").isCloseTo(200.0,
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void regressionsReadRawValuesCellByCell() {
        // two runs of the same cells (w2, w3 × prompts a, b; 5 repetitions): decode 1000 / gap, gaps 10.00 ... 10.04 ms
        // in the first run and 11.00 ... 11.04 in the second, i.e. 9.1 % slower everywhere
        Fingerprint fp = Fixtures.embeddedFingerprint("stories260K");
        List<Sample> batch = new ArrayList<>();
        for (String run : List.of("c1", "c2")) {
            for (String w : List.of("w2", "w3")) {
                for (String p : List.of("a", "b")) {
                    for (int i = 0; i < 5; i++) {
                        Sample s = sample(cell(w, p), 100, (run.equals("c1") ? 10 : 11) + 0.01 * i, fp);
                        batch.add(s.withPlacement(run, s.cellId(), "l-" + run, w));
                    }
                }
            }
        }
        store.ingest(batch);
        List<dev.fleetbench.coordinator.domain.results.Regressions.Run> runs = new ArrayList<>();
        for (String run : List.of("c1", "c2")) {
            AggregateRequest r = new AggregateRequest(List.of(run), List.of(Dimension.HARDWARE_CLASS, Dimension.WORKER,
                    Dimension.MODEL, Dimension.PROMPT), Map.of());
            List<GroupValues> cells = store.values(r, Metric.DECODE_TPS);
            assertThat(cells).hasSize(4).allSatisfy(g -> assertThat(g.values()).hasSize(5));
            runs.add(new dev.fleetbench.coordinator.domain.results.Regressions.Run(run, run, Map.of(Metric.DECODE_TPS, cells)));
        }
        assertThat(dev.fleetbench.coordinator.domain.results.Regressions.detect("s", runs)).singleElement().satisfies(c -> {
            assertThat(c.hardwareClass()).as("the class its samples were stored with").isEqualTo("intel-core-i7-gen12/20t/32gb/none/linux");
            assertThat(c.worse()).isTrue();
            assertThat(c.changePct()).isCloseTo(100 * (10.0 / 11 - 1), org.assertj.core.data.Offset.offset(0.2));
            assertThat(c.cells()).extracting(x -> x.workerId() + "/" + x.prompt()).containsExactly("w2/a", "w2/b", "w3/a", "w3/b");
        });
    }

    @Test
    void rawValuesComeSortedWithTheFingerprintsSeen() {
        Fingerprint fp = Fixtures.embeddedFingerprint("stories260K");
        store.ingest(List.of(sample(cell("w2", "a"), 300, 10, fp), sample(cell("w2", "b"), 100, 10, fp),
                sample(cell("w3", "a"), 200, 10, fp)));
        List<GroupValues> v = store.values(request(List.of(Dimension.HARDWARE_CLASS)), Metric.TTFT_MS);
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
